import type { IServerConfig } from '../config.js';
import type { ILogger } from '../log.js';
import { HubRejectedError, type HubClient } from './hub-client.js';
import type { LoginStates } from './login-state.js';
import { authorizeUrl, hasAccessScope, randomToken, safeNext } from './oauth.js';
import { rolesOf } from './roles.js';
import type { ISession, SessionStore } from './sessions.js';

/** Why a login or a request was not accepted; the HTTP adapter turns these into responses. */
export class AuthError extends Error {
  constructor(
    readonly reason: 'no_session' | 'bad_state' | 'denied' | 'no_access_scope',
    message: string
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

type AuthConfig = Pick<
  IServerConfig,
  'hubBaseUrl' | 'clientId' | 'oauthCallbackUrl' | 'servicePrefix' | 'accessScopes' | 'instructorGroup' | 'identityTtlMs'
>;

/**
 * The service side of the hub's OAuth flow (authorization code + state + PKCE), and the
 * per-request identity check. Knows nothing about Express.
 */
export class HubAuth {
  /** Identity re-checks in flight, by session id. */
  private readonly rechecks = new Map<string, Promise<ISession>>();

  constructor(
    private readonly config: AuthConfig,
    private readonly hub: HubClient,
    private readonly sessions: SessionStore,
    private readonly logins: LoginStates,
    private readonly log: ILogger,
    private readonly now: () => number = Date.now
  ) {}

  /** Starts a login: the PKCE verifier and `next` go into the sealed state cookie; the browser goes to the hub. */
  beginLogin(next: unknown): { stateCookie: string; stateMaxAgeMs: number; redirect: string } {
    const codeVerifier = randomToken(48);
    const { state, cookie, maxAgeMs } = this.logins.begin(codeVerifier, safeNext(next, this.config.servicePrefix));
    const redirect = authorizeUrl({
      hubBaseUrl: this.config.hubBaseUrl,
      clientId: this.config.clientId,
      redirectUri: this.config.oauthCallbackUrl,
      state,
      codeVerifier
    });
    return { stateCookie: cookie, stateMaxAgeMs: maxAgeMs, redirect };
  }

  /**
   * Completes a login. The state must match the one in this browser's cookie (so a code
   * minted for someone else cannot be planted) and be unused.
   */
  async finishLogin(query: { code?: unknown; state?: unknown }, stateCookie: string | undefined) {
    const { code, state } = query;
    if (typeof code !== 'string' || typeof state !== 'string' || !stateCookie) {
      throw new AuthError('bad_state', 'The login could not be verified (state mismatch). Please start again.');
    }
    const pending = this.logins.finish(stateCookie, state);
    if (!pending) throw new AuthError('bad_state', 'The login could not be verified: it expired, was already used or was started in another browser. Please start again.');
    let token: string;
    try {
      token = await this.hub.exchangeCode(code, this.config.oauthCallbackUrl, pending.codeVerifier);
    } catch (err) {
      if (err instanceof HubRejectedError) throw new AuthError('denied', 'JupyterHub did not accept the login.');
      throw err;
    }
    const session = await this.sessionFor(token);
    this.log.info('login', { user: session.userName, roles: session.roles });
    return { session, next: pending.next };
  }

  /**
   * The session behind a cookie, re-confirmed with the hub once its identity is older than
   * the TTL: revoked tokens, removed scopes and changed groups take effect within that time.
   */
  async authenticate(sessionId: string | undefined): Promise<ISession> {
    const session = sessionId ? await this.sessions.get(sessionId) : undefined;
    if (!session) throw new AuthError('no_session', 'Not logged in to the course server.');
    if (this.now() - session.checkedAt < this.config.identityTtlMs) return session;
    // One re-check per session at a time: a learner's requests and sockets arriving together
    // once the TTL passed share it instead of each asking the hub.
    let check = this.rechecks.get(session.id);
    if (!check) {
      check = this.recheck(session).finally(() => this.rechecks.delete(session.id));
      this.rechecks.set(session.id, check);
    }
    return check;
  }

  private async recheck(session: ISession): Promise<ISession> {
    try {
      const user = await this.hub.whoami(session.hubToken);
      if (user.name !== session.userName || !hasAccessScope(user.scopes, this.config.accessScopes)) {
        await this.sessions.delete(session.id);
        throw new AuthError('no_access_scope', 'Your hub token no longer grants access to this course.');
      }
      if (!(await this.sessions.confirmed(session, rolesOf(user, this.config.instructorGroup)))) {
        throw new AuthError('no_session', 'Your session has ended. Log in again.');
      }
      return session;
    } catch (err) {
      if (err instanceof HubRejectedError) {
        await this.sessions.delete(session.id);
        throw new AuthError('no_session', 'Your hub login has ended. Log in again.');
      }
      throw err;
    }
  }

  async logout(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.sessions.delete(sessionId);
  }

  private async sessionFor(token: string): Promise<ISession> {
    const user = await this.hub.whoami(token);
    if (!hasAccessScope(user.scopes, this.config.accessScopes)) {
      this.log.warn('token without access scope', { user: user.name, scopes: user.scopes });
      throw new AuthError('no_access_scope', 'Your hub account is not allowed to use this course service.');
    }
    return this.sessions.create(user.name, rolesOf(user, this.config.instructorGroup), token);
  }
}
