import { createHash } from 'node:crypto';
import type { Role } from '@voxel-academy/protocol';
import type { IStore } from '../store/types.js';
import { randomToken } from './oauth.js';
import { seal, unseal } from './token-seal.js';

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

const hashOf = (id: string): string => createHash('sha256').update(id).digest('base64url');

/** Purpose label of the hub-token key (see token-seal.ts). */
const HUB_TOKEN = 'hub-token';

/**
 * Sessions live in the database (they survive a restart) behind a small in-memory cache, so
 * the per-request check costs a map lookup. The database holds the hash of the cookie and the
 * hub token sealed under a key derived from the cookie: neither is usable from a copy of it.
 * The cache is per replica, and safe so: the database is the truth, a session ended on one
 * replica is dropped from every other's cache over the event bus (`forget`), and should that
 * message be lost, the periodic identity re-check reads the row again and finds it gone.
 */
export class SessionStore {
  private readonly cache = new Map<string, ISession>();
  /** Called with a session's id when it ends (logout, expiry, revoked token): every replica drops it, live sockets close. */
  onEnd: (sessionId: string) => void = () => undefined;

  constructor(
    private readonly store: IStore,
    private readonly sessionTtlMs: number,
    private readonly now: () => number = Date.now
  ) {}

  async create(userName: string, roles: Role[], hubToken: string): Promise<ISession> {
    const now = this.now();
    const session: ISession = { id: randomToken(), userName, roles, hubToken, checkedAt: now, expiresAt: now + this.sessionTtlMs };
    await this.store.upsertUser(userName, roles, now);
    await this.store.createSession({ idHash: hashOf(session.id), user: userName, roles, hubToken: seal(hubToken, session.id, HUB_TOKEN), checkedAt: now, expiresAt: session.expiresAt });
    await this.store.pruneSessions(now);
    this.cache.set(session.id, session);
    return session;
  }

  async get(id: string): Promise<ISession | undefined> {
    let session = this.cache.get(id);
    if (!session) {
      const row = await this.store.getSession(hashOf(id));
      if (!row) return undefined;
      const hubToken = unseal(row.hubToken, id, HUB_TOKEN);
      if (hubToken === undefined) {
        await this.delete(id);
        return undefined;
      }
      session = { id, userName: row.user, roles: row.roles, hubToken, checkedAt: row.checkedAt, expiresAt: row.expiresAt };
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(id, session);
    }
    if (session.expiresAt < this.now()) {
      await this.delete(id);
      return undefined;
    }
    return session;
  }

  /**
   * Records a fresh identity check. False when the session no longer exists in the database
   * (ended on another replica while this one still had it cached): the caller refuses it.
   */
  async confirmed(session: ISession, roles: Role[]): Promise<boolean> {
    if (!(await this.store.getSession(hashOf(session.id)))) {
      this.forget(session.id);
      return false;
    }
    session.roles = roles;
    session.checkedAt = this.now();
    await this.store.refreshSession(hashOf(session.id), roles, session.checkedAt);
    return true;
  }

  /** Drops the cached copy of a session another replica ended (the row is already gone). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  async delete(id: string): Promise<void> {
    this.cache.delete(id);
    await this.store.deleteSession(hashOf(id));
    this.onEnd(id);
  }
}
