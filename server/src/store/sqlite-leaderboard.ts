import { and, asc, eq } from 'drizzle-orm';
import type { SqliteDb } from '../db/connection.js';
import { courseSettings, leaderboardEntries } from '../db/schema.js';
import { pseudonymKey, type ILeaderboardEntry, type ILeaderboardStore } from './aggregates/leaderboard.js';
import { writeAudit } from './sqlite-reports.js';

export class SqliteLeaderboard implements ILeaderboardStore {
  constructor(private readonly db: SqliteDb) {}

  async join(entry: ILeaderboardEntry): Promise<'joined' | 'taken'> {
    const key = pseudonymKey(entry.pseudonym);
    return this.db.transaction((tx) => {
      const holder = tx
        .select({ user: leaderboardEntries.user })
        .from(leaderboardEntries)
        .where(and(eq(leaderboardEntries.course, entry.course), eq(leaderboardEntries.pseudonymKey, key)))
        .get();
      if (holder && holder.user !== entry.user) return 'taken';
      tx.insert(leaderboardEntries)
        .values({ ...entry, pseudonymKey: key })
        .onConflictDoUpdate({ target: [leaderboardEntries.user, leaderboardEntries.course], set: { pseudonym: entry.pseudonym, pseudonymKey: key } })
        .run();
      return 'joined';
    });
  }

  async leave(user: string, course: string): Promise<void> {
    this.db.delete(leaderboardEntries).where(and(eq(leaderboardEntries.user, user), eq(leaderboardEntries.course, course))).run();
  }

  async entries(course: string): Promise<ILeaderboardEntry[]> {
    return this.db
      .select({ user: leaderboardEntries.user, course: leaderboardEntries.course, pseudonym: leaderboardEntries.pseudonym, joinedAt: leaderboardEntries.joinedAt })
      .from(leaderboardEntries)
      .where(eq(leaderboardEntries.course, course))
      .orderBy(asc(leaderboardEntries.joinedAt))
      .all();
  }

  async setDisabled(course: string, disabled: boolean, by: string, at: number): Promise<void> {
    this.db.transaction((tx) => {
      const row = { course, leaderboardDisabled: disabled, updatedBy: by, updatedAt: at };
      tx.insert(courseSettings).values(row).onConflictDoUpdate({ target: courseSettings.course, set: row }).run();
      writeAudit(tx, at, by, disabled ? 'leaderboard.disabled' : 'leaderboard.enabled', course, {});
    });
  }

  async disabled(course: string): Promise<boolean> {
    return this.db.select({ off: courseSettings.leaderboardDisabled }).from(courseSettings).where(eq(courseSettings.course, course)).get()?.off ?? false;
  }
}
