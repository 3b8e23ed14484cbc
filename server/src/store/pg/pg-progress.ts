import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { auditLog, enrollments, lessonProgress, progressEvents } from '../../db/schema-pg.js';
import type { IAuditRow, IAuditStore } from '../aggregates/audit.js';
import type { IActivityRow, ILessonProgressRow, IProgressStore, IRosterRow } from '../aggregates/progress.js';
import type { IProgressEvent } from '../rows.js';
import { inTransaction, type PgExec } from './pg-tx.js';

/** Enrols the learner (first activity in a course) unless already enrolled. */
export async function enroll(tx: PgExec, user: string, course: string, at: number): Promise<void> {
  await tx.insert(enrollments).values({ user, course, enrolledAt: at }).onConflictDoNothing();
}

/** One progress event and the lesson state it leads to; opening a completed lesson again must not demote it. */
export async function writeProgress(tx: PgExec, p: IProgressEvent): Promise<void> {
  await tx.insert(progressEvents).values({ user: p.user, course: p.course, lesson: p.lesson, kind: p.kind, at: p.at, data: p.data ?? null });
  await tx
    .insert(lessonProgress)
    .values({ user: p.user, course: p.course, lesson: p.lesson, status: p.kind === 'assessment_passed' ? 'completed' : 'in_progress', updatedAt: p.at })
    .onConflictDoUpdate({
      target: [lessonProgress.user, lessonProgress.course, lessonProgress.lesson],
      set: {
        status: sql`case when ${lessonProgress.status} = 'completed' then 'completed' else excluded.status end`,
        updatedAt: sql`excluded.updated_at`
      }
    });
}

/** The lesson's current status inside a transaction (the caller holds the learner's lock). */
export async function lessonStatus(tx: PgExec, user: string, course: string, lesson: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ status: lessonProgress.status })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.user, user), eq(lessonProgress.course, course), eq(lessonProgress.lesson, lesson)));
  return row?.status;
}

/** Progress, roster and audit reads on PostgreSQL (the instructor views read these). */
export class PgProgress implements IProgressStore, IAuditStore {
  constructor(private readonly db: PgDb) {}

  async recordProgress(event: IProgressEvent): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await enroll(tx, event.user, event.course, event.at);
      await writeProgress(tx, event);
    });
  }

  async lessonProgress(user: string, course: string): Promise<ILessonProgressRow[]> {
    return this.db
      .select({ lesson: lessonProgress.lesson, status: lessonProgress.status, updatedAt: lessonProgress.updatedAt })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.user, user), eq(lessonProgress.course, course)));
  }

  async activity(user: string, course: string): Promise<IActivityRow[]> {
    const rows = await this.db
      .select({ lesson: progressEvents.lesson, kind: progressEvents.kind, at: progressEvents.at })
      .from(progressEvents)
      .where(and(eq(progressEvents.user, user), eq(progressEvents.course, course)))
      .orderBy(asc(progressEvents.at));
    return rows.map((r) => ({ ...r, at: Number(r.at) }));
  }

  /** Ordered by code point like SQLite, whatever collation the database was created with. */
  async roster(course: string): Promise<IRosterRow[]> {
    const people = await this.db.select().from(enrollments).where(eq(enrollments.course, course)).orderBy(sql`${enrollments.user} collate "C"`);
    const progress = await this.db.select().from(lessonProgress).where(eq(lessonProgress.course, course));
    const byUser = new Map<string, ILessonProgressRow[]>();
    for (const l of progress) {
      const list = byUser.get(l.user) ?? [];
      list.push({ lesson: l.lesson, status: l.status, updatedAt: l.updatedAt });
      byUser.set(l.user, list);
    }
    return people.map((p) => ({ user: p.user, enrolledAt: p.enrolledAt, lessons: byUser.get(p.user) ?? [] }));
  }

  async audit(filter: { since?: number; limit: number }): Promise<IAuditRow[]> {
    return this.db
      .select()
      .from(auditLog)
      .where(filter.since === undefined ? undefined : gte(auditLog.at, filter.since))
      .orderBy(desc(auditLog.id))
      .limit(filter.limit);
  }
}
