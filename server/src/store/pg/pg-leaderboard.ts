import { and, asc, eq } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { courseSettings, leaderboardEntries } from '../../db/schema-pg.js';
import { pseudonymKey, type ILeaderboardEntry, type ILeaderboardStore } from '../aggregates/leaderboard.js';
import { inTransaction, sqlState, writeAudit } from './pg-tx.js';

export class PgLeaderboard implements ILeaderboardStore {
  constructor(private readonly db: PgDb) {}

  async join(entry: ILeaderboardEntry): Promise<'joined' | 'taken'> {
    const key = pseudonymKey(entry.pseudonym);
    try {
      return await inTransaction(this.db, async (tx) => {
        const [holder] = await tx
          .select({ user: leaderboardEntries.user })
          .from(leaderboardEntries)
          .where(and(eq(leaderboardEntries.course, entry.course), eq(leaderboardEntries.pseudonymKey, key)));
        if (holder && holder.user !== entry.user) return 'taken';
        await tx
          .insert(leaderboardEntries)
          .values({ ...entry, pseudonymKey: key })
          .onConflictDoUpdate({ target: [leaderboardEntries.user, leaderboardEntries.course], set: { pseudonym: entry.pseudonym, pseudonymKey: key } });
        return 'joined';
      });
    } catch (err) {
      // Two learners claiming the same pseudonym at once: the unique index decides.
      if (sqlState(err) === '23505') return 'taken';
      throw err;
    }
  }

  async leave(user: string, course: string): Promise<void> {
    await this.db.delete(leaderboardEntries).where(and(eq(leaderboardEntries.user, user), eq(leaderboardEntries.course, course)));
  }

  async entries(course: string): Promise<ILeaderboardEntry[]> {
    const rows = await this.db
      .select({ user: leaderboardEntries.user, course: leaderboardEntries.course, pseudonym: leaderboardEntries.pseudonym, joinedAt: leaderboardEntries.joinedAt })
      .from(leaderboardEntries)
      .where(eq(leaderboardEntries.course, course))
      .orderBy(asc(leaderboardEntries.joinedAt));
    return rows.map((r) => ({ ...r, joinedAt: Number(r.joinedAt) }));
  }

  async setDisabled(course: string, disabled: boolean, by: string, at: number): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const row = { course, leaderboardDisabled: disabled, updatedBy: by, updatedAt: at };
      await tx.insert(courseSettings).values(row).onConflictDoUpdate({ target: courseSettings.course, set: row });
      await writeAudit(tx, at, by, disabled ? 'leaderboard.disabled' : 'leaderboard.enabled', course, {});
    });
  }

  async disabled(course: string): Promise<boolean> {
    const [row] = await this.db.select({ off: courseSettings.leaderboardDisabled }).from(courseSettings).where(eq(courseSettings.course, course));
    return row?.off ?? false;
  }
}
