import { createHash } from 'node:crypto';
import type { Role } from '@voxel-academy/protocol';
import type { IStore } from '../store/types.js';
import { randomToken } from './oauth.js';

export interface ISession {
  /** The cookie value. Only its hash is stored, so a database leak yields no usable cookies. */
  id: string;
  userName: string;
  roles: Role[];
  /** The learner's hub token for this service; used to re-check identity and scopes. */
  hubToken: string;
  /** When the hub last confirmed the token, its user and its scopes (ms since epoch). */
  checkedAt: number;
  expiresAt: number;
}

export interface IPendingLogin {
  codeVerifier: string;
  next: string;
  expiresAt: number;
}

const hashOf = (id: string): string => createHash('sha256').update(id).digest('base64url');

/**
 * Sessions live in the database (they survive a restart) behind a small in-memory cache, so
 * the per-request check costs a map lookup. Pending logins (state → PKCE verifier) are
 * short-lived and stay in memory.
 */
export class SessionStore {
  private readonly cache = new Map<string, ISession>();
  private readonly pending = new Map<string, IPendingLogin>();

  constructor(
    private readonly store: IStore,
    private readonly sessionTtlMs: number,
    private readonly maxPending = 10_000,
    private readonly now: () => number = Date.now
  ) {}

  beginLogin(codeVerifier: string, next: string): string {
    const now = this.now();
    for (const [key, value] of this.pending) if (value.expiresAt < now) this.pending.delete(key);
    if (this.pending.size >= this.maxPending) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    const state = randomToken();
    this.pending.set(state, { codeVerifier, next, expiresAt: now + 10 * 60_000 });
    return state;
  }

  /** Single use: a state value can complete at most one login. */
  finishLogin(state: string): IPendingLogin | undefined {
    const found = this.pending.get(state);
    this.pending.delete(state);
    if (!found || found.expiresAt < this.now()) return undefined;
    return found;
  }

  async create(userName: string, roles: Role[], hubToken: string): Promise<ISession> {
    const now = this.now();
    const session: ISession = { id: randomToken(), userName, roles, hubToken, checkedAt: now, expiresAt: now + this.sessionTtlMs };
    await this.store.upsertUser(userName, roles, now);
    await this.store.createSession({ idHash: hashOf(session.id), user: userName, roles, hubToken, checkedAt: now, expiresAt: session.expiresAt });
    await this.store.pruneSessions(now);
    this.cache.set(session.id, session);
    return session;
  }

  async get(id: string): Promise<ISession | undefined> {
    let session = this.cache.get(id);
    if (!session) {
      const row = await this.store.getSession(hashOf(id));
      if (!row) return undefined;
      session = { id, userName: row.user, roles: row.roles, hubToken: row.hubToken, checkedAt: row.checkedAt, expiresAt: row.expiresAt };
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(id, session);
    }
    if (session.expiresAt < this.now()) {
      await this.delete(id);
      return undefined;
    }
    return session;
  }

  async confirmed(session: ISession, roles: Role[]): Promise<void> {
    session.roles = roles;
    session.checkedAt = this.now();
    await this.store.refreshSession(hashOf(session.id), roles, session.checkedAt);
  }

  async delete(id: string): Promise<void> {
    this.cache.delete(id);
    await this.store.deleteSession(hashOf(id));
  }
}
