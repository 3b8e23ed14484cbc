import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { SqliteDb } from '../db/connection.js';
import { auditLog, enrollments, lessonProgress, overrides, progressEvents, submissions } from '../db/schema.js';
import type * as T from './types.js';

export type Tx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

/** An audit entry in the caller's transaction, so the change and its record commit together. */
export function writeAudit(tx: Tx, at: number, actor: string, action: string, target: string, data: Record<string, unknown>): void {
  tx.insert(auditLog).values({ at, actor, action, target, data }).run();
}

/** Progress, roster, overrides and audit queries of the SQLite store (the instructor views read these). */
export class SqliteReports {
  constructor(private readonly db: SqliteDb) {}

  async lessonProgress(user: string, course: string): Promise<T.ILessonProgressRow[]> {
    return this.db
      .select({ lesson: lessonProgress.lesson, status: lessonProgress.status, updatedAt: lessonProgress.updatedAt })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.user, user), eq(lessonProgress.course, course)))
      .all();
  }

  async activity(user: string, course: string): Promise<T.IActivityRow[]> {
    const rows = this.db
      .select({ lesson: progressEvents.lesson, kind: progressEvents.kind, at: progressEvents.at })
      .from(progressEvents)
      .where(and(eq(progressEvents.user, user), eq(progressEvents.course, course)))
      .orderBy(asc(progressEvents.at))
      .all();
    return rows;
  }

  async roster(course: string): Promise<T.IRosterRow[]> {
    const people = this.db.select().from(enrollments).where(eq(enrollments.course, course)).orderBy(asc(enrollments.user)).all();
    const progress = this.db.select().from(lessonProgress).where(eq(lessonProgress.course, course)).all();
    return people.map((p) => ({
      user: p.user,
      enrolledAt: p.enrolledAt,
      lessons: progress.filter((l) => l.user === p.user).map((l) => ({ lesson: l.lesson, status: l.status, updatedAt: l.updatedAt }))
    }));
  }

  async setOverride(row: T.IOverrideRow): Promise<void> {
    this.db.transaction((tx) => {
      const { user, course, assessment, ...rest } = row;
      tx.insert(overrides).values(row).onConflictDoUpdate({ target: [overrides.user, overrides.course, overrides.assessment], set: rest }).run();
      writeAudit(tx, row.grantedAt, row.grantedBy, 'override.set', `${course}/${assessment}/${user}`, {
        extraAttempts: row.extraAttempts,
        deadline: row.deadline,
        excusedItems: row.excusedItems
      });
    });
  }

  async bestScores(user: string, course: string): Promise<Map<string, number>> {
    const rows = this.db
      .select({ assessment: submissions.assessment, best: sql<number>`max(${submissions.score})` })
      .from(submissions)
      .where(and(eq(submissions.user, user), eq(submissions.course, course), eq(submissions.status, 'graded')))
      .groupBy(submissions.assessment)
      .all();
    return new Map(rows.map((r) => [r.assessment, r.best]));
  }

  async audit(filter: { since?: number; limit: number }): Promise<T.IAuditRow[]> {
    return this.db
      .select()
      .from(auditLog)
      .where(filter.since === undefined ? undefined : gte(auditLog.at, filter.since))
      .orderBy(desc(auditLog.id))
      .limit(filter.limit)
      .all();
  }
}
