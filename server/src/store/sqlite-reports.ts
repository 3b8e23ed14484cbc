import { and, asc, desc, eq, gte } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from '../db/connection.js';
import { auditLog, enrollments, lessonProgress, overrides, progressEvents } from '../db/schema.js';
import type * as T from './types.js';

/** The prepared best-scores query: named parameters in, one row per assessment out. */
type BestScoresStatement = Statement<{ user: string; course: string }, { assessment: string; best: number }>;

export type Tx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

/** An audit entry in the caller's transaction, so the change and its record commit together. */
export function writeAudit(tx: Tx, at: number, actor: string, action: string, target: string, data: Record<string, unknown>): void {
  tx.insert(auditLog).values({ at, actor, action, target, data }).run();
}

/** Progress, roster, overrides and audit queries of the SQLite store (the instructor views read these). */
export class SqliteReports {
  private readonly bestScoresStatement: BestScoresStatement;

  constructor(private readonly db: SqliteDb) {
    this.bestScoresStatement = prepareBestScores(db);
  }

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
    const rows = this.bestScoresStatement.all({ user, course });
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

/**
 * Runs after every passed submission. A GROUP BY read every graded attempt of the learner
 * (a learner with 30,000 practice attempts: 30 % of the quiz path's CPU); this hops from one
 * assessment to the next and takes each maximum from the end of submissions_best, two index
 * seeks per assessment whatever the number of attempts.
 */
function prepareBestScores(db: SqliteDb): BestScoresStatement {
  return db.$client.prepare<{ user: string; course: string }, { assessment: string; best: number }>(
    `with recursive seen(assessment) as (
       select min(assessment) from submissions where user = @user and course = @course and status = 'graded'
       union all
       select (select min(assessment) from submissions where user = @user and course = @course and status = 'graded' and assessment > seen.assessment)
       from seen where seen.assessment is not null
     )
     select assessment,
            (select max(score) from submissions where user = @user and course = @course and status = 'graded' and assessment = seen.assessment) as best
     from seen where assessment is not null`
  );
}
