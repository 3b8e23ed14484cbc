import type { Role } from '@voxel-academy/protocol';
import { randomToken } from './oauth.js';

export interface ISession {
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

/**
 * Short-lived auth state. Kept in memory: a restart only costs the browser one silent
 * OAuth round trip, and no learner data lives here.
 */
export class SessionStore {
  private readonly sessions = new Map<string, ISession>();
  private readonly pending = new Map<string, IPendingLogin>();

  constructor(
    private readonly sessionTtlMs: number,
    private readonly maxPending = 10_000,
    private readonly now: () => number = Date.now
  ) {}

  beginLogin(codeVerifier: string, next: string): string {
    this.prune();
    if (this.pending.size >= this.maxPending) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    const state = randomToken();
    this.pending.set(state, { codeVerifier, next, expiresAt: this.now() + 10 * 60_000 });
    return state;
  }

  /** Single use: a state value can complete at most one login. */
  finishLogin(state: string): IPendingLogin | undefined {
    const found = this.pending.get(state);
    this.pending.delete(state);
    if (!found || found.expiresAt < this.now()) return undefined;
    return found;
  }

  create(userName: string, roles: Role[], hubToken: string): ISession {
    const now = this.now();
    const session: ISession = {
      id: randomToken(),
      userName,
      roles,
      hubToken,
      checkedAt: now,
      expiresAt: now + this.sessionTtlMs
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): ISession | undefined {
    const session = this.sessions.get(id);
    if (session && session.expiresAt < this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private prune(): void {
    const now = this.now();
    for (const [key, value] of this.pending) if (value.expiresAt < now) this.pending.delete(key);
    for (const [key, value] of this.sessions) if (value.expiresAt < now) this.sessions.delete(key);
  }
}
