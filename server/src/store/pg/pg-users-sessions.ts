import { eq, lt } from 'drizzle-orm';
import type { Role } from '@voxel-academy/protocol';
import type { PgDb } from '../../db/pg-connection.js';
import { sessions, users } from '../../db/schema-pg.js';
import type { IUserSessionStore, ISessionRow } from '../aggregates/users-sessions.js';

/** Users and browser sessions on PostgreSQL: single-statement writes, no transaction needed. */
export class PgUsersSessions implements IUserSessionStore {
  constructor(private readonly db: PgDb) {}

  async upsertUser(name: string, roles: Role[], now: number): Promise<void> {
    await this.db
      .insert(users)
      .values({ name, roles, firstSeen: now, lastSeen: now })
      .onConflictDoUpdate({ target: users.name, set: { roles, lastSeen: now } });
  }

  async createSession(row: ISessionRow): Promise<void> {
    await this.db.insert(sessions).values(row);
  }

  async getSession(idHash: string): Promise<ISessionRow | undefined> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.idHash, idHash));
    return row ? { ...row, roles: row.roles as Role[] } : undefined;
  }

  async refreshSession(idHash: string, roles: Role[], checkedAt: number): Promise<void> {
    await this.db.update(sessions).set({ roles, checkedAt }).where(eq(sessions.idHash, idHash));
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.idHash, idHash));
  }

  async pruneSessions(now: number): Promise<number> {
    const result = await this.db.delete(sessions).where(lt(sessions.expiresAt, now));
    return result.rowCount ?? 0;
  }
}
