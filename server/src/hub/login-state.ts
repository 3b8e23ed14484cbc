import { randomToken } from './oauth.js';
import { seal, unseal } from './token-seal.js';

export interface ILoginState {
  state: string;
  codeVerifier: string;
  next: string;
  expiresAt: number;
}

const PURPOSE = 'login-state';
const TTL_MS = 10 * 60_000;

/**
 * Logins in progress, kept in the browser's state cookie (sealed with the server's secret)
 * rather than in a server-side table: however many logins anyone starts, there is nothing to
 * fill up, and no real login in progress can be pushed out. Only states already used are
 * remembered (until they expire), so each completes at most one login.
 */
export class LoginStates {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now
  ) {}

  begin(codeVerifier: string, next: string): { state: string; cookie: string; maxAgeMs: number } {
    const state = randomToken();
    const cookie = seal(JSON.stringify({ state, codeVerifier, next, expiresAt: this.now() + TTL_MS } satisfies ILoginState), this.secret, PURPOSE);
    return { state, cookie, maxAgeMs: TTL_MS };
  }

  /** The login the cookie carries, if it matches `state`, is unexpired and unused; then it is used up. */
  finish(cookie: string | undefined, state: string): ILoginState | undefined {
    const text = cookie ? unseal(cookie, this.secret, PURPOSE) : undefined;
    if (text === undefined) return undefined;
    const login = JSON.parse(text) as ILoginState;
    const now = this.now();
    if (login.state !== state || login.expiresAt < now || this.used.has(state)) return undefined;
    for (const [key, expiresAt] of this.used) if (expiresAt < now) this.used.delete(key);
    this.used.set(state, login.expiresAt);
    return login;
  }
}
