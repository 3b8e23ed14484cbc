import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Role } from '@voxel-academy/protocol';
import { openDatabase, type SqliteDb } from '../db/connection.js';
import { auditLog, enrollments, itemGrades, lessonProgress, overrides, progressEvents, sessions, submissions, uploads, users } from '../db/schema.js';
import type * as T from './types.js';

type Tx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];
type SubmissionRow = typeof submissions.$inferSelect;

/**
 * IStore on one SQLite file. better-sqlite3 is synchronous, so every method finishes its
 * transaction before returning; the async signatures are for dialects that are not.
 */
export class SqliteStore implements T.IStore {
  private readonly db: SqliteDb;

  constructor(file: string) {
    this.db = openDatabase(file);
  }

  async upsertUser(name: string, roles: Role[], now: number): Promise<void> {
    this.db
      .insert(users)
      .values({ name, roles, firstSeen: now, lastSeen: now })
      .onConflictDoUpdate({ target: users.name, set: { roles, lastSeen: now } })
      .run();
  }

  async createSession(row: T.ISessionRow): Promise<void> {
    this.db.insert(sessions).values(row).run();
  }

  async getSession(idHash: string): Promise<T.ISessionRow | undefined> {
    const row = this.db.select().from(sessions).where(eq(sessions.idHash, idHash)).get();
    return row ? { ...row, roles: row.roles as Role[] } : undefined;
  }

  async refreshSession(idHash: string, roles: Role[], checkedAt: number): Promise<void> {
    this.db.update(sessions).set({ roles, checkedAt }).where(eq(sessions.idHash, idHash)).run();
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
  }

  async pruneSessions(now: number): Promise<number> {
    return this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
  }

  async reserveAttempt(input: T.IReserveInput, decide: (s: T.IAttemptState) => T.AttemptDecision): Promise<T.ReserveOutcome> {
    const { user, course, assessment } = input;
    // IMMEDIATE takes the write lock up front: two submits cannot both read "2 attempts used".
    return this.db.transaction(
      (tx) => {
        if (input.idempotencyKey) {
          const existing = tx
            .select()
            .from(submissions)
            .where(and(eq(submissions.user, user), eq(submissions.idempotencyKey, input.idempotencyKey)))
            .get();
          if (existing) return { kind: 'duplicate' as const, submission: this.withItems(tx, existing) };
        }
        const attemptsUsed = countAttempts(tx, user, course, assessment);
        const override = tx
          .select()
          .from(overrides)
          .where(and(eq(overrides.user, user), eq(overrides.course, course), eq(overrides.assessment, assessment)))
          .get();
        const decision = decide({ attemptsUsed, override });
        if (!decision.allow) return { kind: 'refused' as const, reason: decision.reason, message: decision.message };
        tx.insert(enrollments).values({ user, course, enrolledAt: input.now }).onConflictDoNothing().run();
        const row = tx
          .insert(submissions)
          .values({
            id: input.newId,
            user,
            course,
            assessment,
            attempt: attemptsUsed + 1,
            status: 'pending',
            idempotencyKey: input.idempotencyKey,
            answers: input.answers,
            submittedAt: input.now,
            late: decision.late,
            lateFactor: decision.lateFactor
          })
          .returning()
          .get();
        writeAudit(tx, input.now, user, 'submission.created', `${course}/${assessment}`, { id: row.id, attempt: row.attempt });
        return { kind: 'created' as const, submission: toRecord(row, []) };
      },
      { behavior: 'immediate' }
    );
  }

  async completeGrading(input: T.ICompleteGrading): Promise<void> {
    this.db.transaction(
      (tx) => {
        const row = tx
          .update(submissions)
          .set({ status: 'graded', score: input.score, passed: input.passed, gradedAt: input.gradedAt, error: null })
          .where(and(eq(submissions.id, input.submissionId), eq(submissions.status, 'pending')))
          .returning()
          .get();
        // Already graded (e.g. by a recovery pass racing a live grade): grade once, keep the first.
        if (!row) return;
        for (const item of input.items) {
          tx.insert(itemGrades).values({ submissionId: input.submissionId, ...item, measurements: item.measurements ?? null }).run();
        }
        if (input.progress) writeProgress(tx, input.progress);
        writeAudit(tx, input.gradedAt, row.user, 'submission.graded', `${row.course}/${row.assessment}`, {
          id: row.id,
          score: input.score,
          passed: input.passed
        });
      },
      { behavior: 'immediate' }
    );
  }

  async failGrading(submissionId: string, error: string, now: number): Promise<void> {
    this.db.transaction((tx) => {
      const row = tx.update(submissions).set({ status: 'error', error, gradedAt: now }).where(eq(submissions.id, submissionId)).returning().get();
      if (row) writeAudit(tx, now, row.user, 'submission.error', `${row.course}/${row.assessment}`, { id: submissionId, error });
    });
  }

  async getSubmission(id: string): Promise<T.ISubmissionRecord | undefined> {
    const row = this.db.select().from(submissions).where(eq(submissions.id, id)).get();
    return row ? this.withItems(this.db, row) : undefined;
  }

  async listSubmissions(filter: { user?: string; course?: string; assessment?: string }): Promise<T.ISubmissionRecord[]> {
    const where = and(
      filter.user === undefined ? undefined : eq(submissions.user, filter.user),
      filter.course === undefined ? undefined : eq(submissions.course, filter.course),
      filter.assessment === undefined ? undefined : eq(submissions.assessment, filter.assessment)
    );
    const rows = this.db.select().from(submissions).where(where).orderBy(asc(submissions.submittedAt), asc(submissions.attempt)).all();
    const grades = this.db.select().from(itemGrades).where(sql`${itemGrades.submissionId} in (select ${submissions.id} from ${submissions} where ${where ?? sql`1`})`).all();
    const bySubmission = new Map<string, T.IItemGradeRow[]>();
    for (const g of grades) {
      const list = bySubmission.get(g.submissionId) ?? [];
      list.push(gradeRow(g));
      bySubmission.set(g.submissionId, list);
    }
    return rows.map((r) => toRecord(r, bySubmission.get(r.id) ?? []));
  }

  async pendingSubmissions(): Promise<T.ISubmissionRecord[]> {
    return this.db.select().from(submissions).where(eq(submissions.status, 'pending')).orderBy(asc(submissions.submittedAt)).all().map((r) => toRecord(r, []));
  }

  async attemptsUsed(user: string, course: string, assessment: string): Promise<number> {
    return countAttempts(this.db, user, course, assessment);
  }

  async recordProgress(event: T.IProgressEvent): Promise<void> {
    this.db.transaction((tx) => {
      tx.insert(enrollments).values({ user: event.user, course: event.course, enrolledAt: event.at }).onConflictDoNothing().run();
      writeProgress(tx, event);
    });
  }

  async lessonProgress(user: string, course: string): Promise<T.ILessonProgressRow[]> {
    return this.db
      .select({ lesson: lessonProgress.lesson, status: lessonProgress.status, updatedAt: lessonProgress.updatedAt })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.user, user), eq(lessonProgress.course, course)))
      .all();
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
        deadline: row.deadline
      });
    });
  }

  async getOverride(user: string, course: string, assessment: string): Promise<T.IOverrideRow | undefined> {
    return this.db
      .select()
      .from(overrides)
      .where(and(eq(overrides.user, user), eq(overrides.course, course), eq(overrides.assessment, assessment)))
      .get();
  }

  async insertUpload(row: T.IUploadRow, actor: string): Promise<void> {
    this.db.transaction((tx) => {
      tx.insert(uploads).values(row).run();
      writeAudit(tx, row.createdAt, actor, 'upload.created', row.id, { bytes: row.bytes });
    });
  }

  async getUpload(id: string): Promise<T.IUploadRow | undefined> {
    return this.db.select().from(uploads).where(eq(uploads.id, id)).get();
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

  close(): void {
    this.db.$client.close();
  }

  private withItems(tx: Tx | SqliteDb, row: SubmissionRow): T.ISubmissionRecord {
    const items = tx.select().from(itemGrades).where(eq(itemGrades.submissionId, row.id)).all().map(gradeRow);
    return toRecord(row, items);
  }
}

function countAttempts(tx: Tx | SqliteDb, user: string, course: string, assessment: string): number {
  const row = tx
    .select({ n: sql<number>`count(*)` })
    .from(submissions)
    .where(and(eq(submissions.user, user), eq(submissions.course, course), eq(submissions.assessment, assessment)))
    .get();
  return row?.n ?? 0;
}

function writeProgress(tx: Tx, event: T.IProgressEvent): void {
  tx.insert(progressEvents).values({ ...event, data: event.data ?? null }).run();
  const status = event.kind === 'assessment_passed' ? 'completed' : 'in_progress';
  tx.insert(lessonProgress)
    .values({ user: event.user, course: event.course, lesson: event.lesson, status, updatedAt: event.at })
    // Opening a completed lesson again must not demote it.
    .onConflictDoUpdate({
      target: [lessonProgress.user, lessonProgress.course, lessonProgress.lesson],
      set: { status: sql`case when ${lessonProgress.status} = 'completed' then 'completed' else ${status} end`, updatedAt: event.at }
    })
    .run();
}

function writeAudit(tx: Tx, at: number, actor: string, action: string, target: string, data: Record<string, unknown>): void {
  tx.insert(auditLog).values({ at, actor, action, target, data }).run();
}

function gradeRow(g: typeof itemGrades.$inferSelect): T.IItemGradeRow {
  return { itemId: g.itemId, score: g.score, points: g.points, maxPoints: g.maxPoints, feedback: g.feedback, measurements: g.measurements ?? undefined };
}

function toRecord(r: SubmissionRow, items: T.IItemGradeRow[]): T.ISubmissionRecord {
  return {
    id: r.id,
    user: r.user,
    course: r.course,
    assessment: r.assessment,
    attempt: r.attempt,
    status: r.status,
    answers: r.answers,
    submittedAt: r.submittedAt,
    gradedAt: r.gradedAt,
    late: r.late,
    lateFactor: r.lateFactor,
    score: r.score,
    passed: r.passed,
    error: r.error,
    items
  };
}
