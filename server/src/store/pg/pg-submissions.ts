import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { itemGrades, overrides, submissions } from '../../db/schema-pg.js';
import type * as S from '../aggregates/submissions.js';
import type { IItemGradeRow, ISubmissionRecord } from '../rows.js';
import { newSubmission } from '../new-submission.js';
import { enroll, lessonStatus, writeProgress } from './pg-progress.js';
import { inTransaction, lockLearner, writeAudit, type PgExec, type PgTx } from './pg-tx.js';
import type { PgUploads } from './pg-uploads.js';

type SubmissionRow = typeof submissions.$inferSelect;
type Reserved = Exclude<S.ReserveOutcome, { kind: 'created' }> | { kind: 'allowed'; submission: ISubmissionRecord };

/**
 * Submissions on PostgreSQL. Exactly-once across connections and replicas comes from
 * `lockLearner` (a transaction-scoped advisory lock per learner) taken before anything is read:
 * two submits of one learner run one after the other, so both cannot see "2 attempts used", and
 * a retried idempotency key finds the first submission. The unique (user, course, assessment,
 * attempt) and (user, idempotency_key) indexes would still refuse a duplicate if that rule broke.
 */
export class PgSubmissions implements S.ISubmissionStore {
  constructor(
    private readonly db: PgDb,
    private readonly uploads: PgUploads
  ) {}

  async reserveAttempt(input: S.IReserveInput, decide: (s: S.IAttemptState) => S.AttemptDecision): Promise<S.ReserveOutcome> {
    return inTransaction(this.db, async (tx) => {
      const reserved = await this.decideInTx(tx, input, decide);
      if (reserved.kind !== 'allowed') return reserved;
      const s = reserved.submission;
      await tx.insert(submissions).values({ ...submissionValues(s), idempotencyKey: input.idempotencyKey, claimedBy: input.claim?.owner ?? null, claimUntil: input.claim?.until ?? null });
      await this.uploads.markReferenced(tx, input.uploadIds ?? [], s.user, s.submittedAt);
      await writeAudit(tx, s.submittedAt, s.user, 'submission.created', `${s.course}/${s.assessment}`, { id: s.id, attempt: s.attempt });
      return { kind: 'created', submission: s };
    });
  }

  async submitAndGrade(input: S.IReserveInput, decide: (s: S.IAttemptState) => S.AttemptDecision, grade: S.SubmitGrader): Promise<S.ReserveOutcome> {
    return inTransaction(this.db, async (tx) => {
      const reserved = await this.decideInTx(tx, input, decide);
      if (reserved.kind !== 'allowed') return reserved;
      const s = reserved.submission;
      const g = grade(s);
      const [prior] = await tx
        .select({ best: sql<number | null>`max(${submissions.score})` })
        .from(submissions)
        .where(and(eq(submissions.user, s.user), eq(submissions.course, s.course), eq(submissions.assessment, s.assessment), eq(submissions.status, 'graded')));
      const best = prior?.best ?? null;
      // Written once, already graded: no pending row to update, one audit entry.
      await tx.insert(submissions).values({
        ...submissionValues(s),
        idempotencyKey: input.idempotencyKey,
        status: 'graded',
        score: g.score,
        passed: g.passed,
        gradedAt: g.gradedAt
      });
      const lessonCompleted = await this.recordGrades(tx, { ...g, submissionId: s.id, user: s.user, course: s.course, assessment: s.assessment }, s.attempt);
      const graded: ISubmissionRecord = { ...s, status: 'graded', items: g.items, score: g.score, passed: g.passed, gradedAt: g.gradedAt };
      return { kind: 'created', lessonCompleted, newBest: best === null || g.score > Number(best), submission: graded };
    });
  }

  async completeGrading(input: S.ICompleteGrading): Promise<S.ICompletion> {
    return inTransaction(this.db, async (tx) => {
      // The learner's lock also orders first-pass progress against their other gradings.
      await lockLearner(tx, input.user);
      // Already graded (e.g. by a recovery pass racing a live grade): grade once, keep the first.
      const updated = await tx
        .update(submissions)
        .set({ status: 'graded', score: input.score, passed: input.passed, gradedAt: input.gradedAt, error: null })
        .where(and(eq(submissions.id, input.submissionId), eq(submissions.status, 'pending')))
        .returning({ id: submissions.id });
      if (updated.length === 0) return { applied: false, lessonCompleted: false };
      return { applied: true, lessonCompleted: await this.recordGrades(tx, input) };
    });
  }

  async failGrading(submissionId: string, error: string, now: number): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const [row] = await tx.update(submissions).set({ status: 'error', error, gradedAt: now }).where(eq(submissions.id, submissionId)).returning();
      if (row) await writeAudit(tx, now, row.user, 'submission.error', `${row.course}/${row.assessment}`, { id: submissionId, error });
    });
  }

  async getSubmission(id: string): Promise<ISubmissionRecord | undefined> {
    const [row] = await this.db.select().from(submissions).where(eq(submissions.id, id));
    return row ? toRecord(row, (await this.db.select().from(itemGrades).where(eq(itemGrades.submissionId, id))).map(gradeRow)) : undefined;
  }

  async listSubmissions(filter: { user?: string; course?: string; assessment?: string }): Promise<ISubmissionRecord[]> {
    const where = and(
      filter.user === undefined ? undefined : eq(submissions.user, filter.user),
      filter.course === undefined ? undefined : eq(submissions.course, filter.course),
      filter.assessment === undefined ? undefined : eq(submissions.assessment, filter.assessment)
    );
    const rows = await this.db.select().from(submissions).where(where).orderBy(asc(submissions.submittedAt), asc(submissions.attempt));
    const grades = await this.db
      .select()
      .from(itemGrades)
      .where(inArray(itemGrades.submissionId, this.db.select({ id: submissions.id }).from(submissions).where(where)));
    const bySubmission = new Map<string, IItemGradeRow[]>();
    for (const g of grades) {
      const list = bySubmission.get(g.submissionId) ?? [];
      list.push(gradeRow(g));
      bySubmission.set(g.submissionId, list);
    }
    return rows.map((r) => toRecord(r, bySubmission.get(r.id) ?? []));
  }

  async pendingSubmissions(): Promise<ISubmissionRecord[]> {
    const rows = await this.db.select().from(submissions).where(eq(submissions.status, 'pending')).orderBy(asc(submissions.submittedAt));
    return rows.map((r) => toRecord(r, []));
  }

  attemptsUsed(user: string, course: string, assessment: string): Promise<number> {
    return lastAttempt(this.db, user, course, assessment);
  }

  async bestScores(user: string, course: string): Promise<Map<string, number>> {
    // As the SQLite store: from one assessment to the next on submissions_best, each maximum
    // from the end of its range, instead of grouping every graded attempt of the learner.
    const mine = sql`"user" = ${user} and course = ${course} and status = 'graded'`;
    const result = await this.db.execute<{ assessment: string; best: number | null }>(sql`
      with recursive seen(assessment) as (
        select min(assessment) from submissions where ${mine}
        union all
        select (select min(assessment) from submissions where ${mine} and assessment > seen.assessment) from seen where seen.assessment is not null
      )
      select assessment, (select max(score) from submissions where ${mine} and assessment = seen.assessment) as best
      from seen where assessment is not null`);
    return new Map(result.rows.flatMap((r) => (r.best === null ? [] : [[r.assessment, Number(r.best)] as const])));
  }

  async setOverride(row: S.IOverrideRow): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const { user, course, assessment, ...rest } = row;
      await tx.insert(overrides).values(row).onConflictDoUpdate({ target: [overrides.user, overrides.course, overrides.assessment], set: rest });
      await writeAudit(tx, row.grantedAt, row.grantedBy, 'override.set', `${course}/${assessment}/${user}`, {
        extraAttempts: row.extraAttempts,
        deadline: row.deadline,
        excusedItems: row.excusedItems
      });
    });
  }

  getOverride(user: string, course: string, assessment: string): Promise<S.IOverrideRow | undefined> {
    return readOverride(this.db, user, course, assessment);
  }

  /** Idempotency and attempt rules under the learner's lock; on success the new submission, not yet written. */
  private async decideInTx(tx: PgTx, input: S.IReserveInput, decide: (s: S.IAttemptState) => S.AttemptDecision): Promise<Reserved> {
    const { user, course, assessment, now } = input;
    await lockLearner(tx, user);
    if (input.idempotencyKey) {
      const [existing] = await tx.select().from(submissions).where(and(eq(submissions.user, user), eq(submissions.idempotencyKey, input.idempotencyKey)));
      if (existing) {
        const items = (await tx.select().from(itemGrades).where(eq(itemGrades.submissionId, existing.id))).map(gradeRow);
        return { kind: 'duplicate', submission: toRecord(existing, items) };
      }
    }
    const attemptsUsed = await lastAttempt(tx, user, course, assessment);
    const decision = decide({ attemptsUsed, override: await readOverride(tx, user, course, assessment) });
    if (!decision.allow) return { kind: 'refused', reason: decision.reason, message: decision.message };
    await enroll(tx, user, course, now);
    return { kind: 'allowed', submission: newSubmission(input, attemptsUsed + 1, decision) };
  }

  /** Item grades, first-pass progress and the audit entry; returns whether the lesson got completed. */
  private async recordGrades(tx: PgTx, input: S.ICompleteGrading, attempt?: number): Promise<boolean> {
    if (input.items.length > 0) {
      await tx.insert(itemGrades).values(input.items.map((i) => ({ ...i, measurements: i.measurements ?? null, submissionId: input.submissionId })));
    }
    const p = input.progress;
    let lessonCompleted = false;
    if (p && (await lessonStatus(tx, p.user, p.course, p.lesson)) !== 'completed') {
      await writeProgress(tx, p);
      lessonCompleted = p.kind === 'assessment_passed';
    }
    const data = { id: input.submissionId, score: input.score, passed: input.passed, ...(attempt === undefined ? {} : { attempt }) };
    await writeAudit(tx, input.gradedAt, input.user, 'submission.graded', `${input.course}/${input.assessment}`, data);
    return lessonCompleted;
  }
}

/** max(attempt) walks the unique (user, course, assessment, attempt) index. */
async function lastAttempt(db: PgExec, user: string, course: string, assessment: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${submissions.attempt}), 0)::int` })
    .from(submissions)
    .where(and(eq(submissions.user, user), eq(submissions.course, course), eq(submissions.assessment, assessment)));
  return row?.n ?? 0;
}

async function readOverride(db: PgExec, user: string, course: string, assessment: string): Promise<S.IOverrideRow | undefined> {
  const [row] = await db.select().from(overrides).where(and(eq(overrides.user, user), eq(overrides.course, course), eq(overrides.assessment, assessment)));
  return row ? { ...row, excusedItems: row.excusedItems ?? [] } : undefined;
}

function submissionValues(s: ISubmissionRecord): typeof submissions.$inferInsert {
  const { items: _items, ...fields } = s;
  return fields;
}

export function gradeRow(g: typeof itemGrades.$inferSelect): IItemGradeRow {
  return { itemId: g.itemId, score: g.score, points: g.points, maxPoints: g.maxPoints, feedback: g.feedback, measurements: g.measurements ?? undefined };
}

/** The idempotency key and the grading claim stay private to the store (also used by pg-grading-queue.ts). */
export function toRecord(r: SubmissionRow, items: IItemGradeRow[]): ISubmissionRecord {
  const { idempotencyKey: _key, claimedBy: _claimedBy, claimUntil: _claimUntil, ...fields } = r;
  return { ...fields, items };
}
