import { and, asc, eq, gt, ne, sql, type SQL } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { itemGrades, projectReviews, projectUploads, submissions } from '../../db/schema-pg.js';
import type * as R from '../instructor-types.js';
import { heldByOther, heldOutcome } from '../review-claims.js';
import type { IItemGradeRow } from '../rows.js';
import { lessonStatus, writeProgress } from './pg-progress.js';
import { inTransaction, lockLearner, writeAudit, type PgExec, type PgTx } from './pg-tx.js';

const ROW = {
  submissionId: projectReviews.submissionId,
  user: projectReviews.user,
  course: projectReviews.course,
  assessment: projectReviews.assessment,
  itemId: projectReviews.itemId,
  status: projectReviews.status,
  createdAt: projectReviews.createdAt,
  claimedBy: projectReviews.claimedBy,
  claimExpiresAt: projectReviews.claimExpiresAt,
  grade: projectReviews.grade,
  gradedBy: projectReviews.gradedBy,
  gradedAt: projectReviews.gradedAt,
  attempt: submissions.attempt,
  submittedAt: submissions.submittedAt,
  late: submissions.late,
  score: submissions.score
};

/**
 * How a read takes the queue row: `update` waits for a concurrent claim to commit and then sees
 * it (READ COMMITTED re-reads a row it had to wait for); `skip` passes over rows another grader
 * is claiming right now, so graders asking for "the next project" at once get different ones.
 */
type Lock = 'none' | 'update' | 'skip';

type Complete = R.ClaimOutcome & { lessonCompleted?: boolean; before?: { score: number | null; passed: boolean | null } };

/**
 * The grading queue of practical projects on PostgreSQL, with the rules of SqliteReviews. There
 * one writer at a time makes read-then-write safe; here several connections (and replicas) run
 * at once, so every read that decides a write locks the queue row first (`for update`), and
 * queueing a learner's project takes the learner's lock (the one submissions use).
 */
export class PgReviews implements R.IReviewStore {
  constructor(private readonly db: PgDb) {}

  async insertUpload(row: R.IProjectUploadRow, actor: string, limit?: { since: number; max: number }): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      if (limit) {
        // Counted under the learner's lock: snapshots sent together cannot all pass one count.
        await lockLearner(tx, row.user);
        if ((await uploadsSince(tx, row.user, limit.since)) >= limit.max) return false;
      }
      await tx.insert(projectUploads).values(row);
      await writeAudit(tx, row.createdAt, actor, 'project.uploaded', row.id, { bytes: row.bytes, cells: row.manifest.cells, files: row.manifest.files.length });
      return true;
    });
  }

  async getUpload(id: string): Promise<R.IProjectUploadRow | undefined> {
    const [row] = await this.db.select().from(projectUploads).where(eq(projectUploads.id, id));
    return row;
  }

  async uploadsSince(user: string, since: number): Promise<number> {
    return uploadsSince(this.db, user, since);
  }

  async open(input: R.IOpenReview): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      // Two of a learner's projects queued at once would each supersede only what was
      // committed before them, and both stay open: the learner's lock puts them in a line.
      await lockLearner(tx, input.user);
      const moved = await tx
        .update(submissions)
        .set({ status: 'review', error: null })
        .where(and(eq(submissions.id, input.submissionId), eq(submissions.status, 'pending')))
        .returning({ id: submissions.id });
      if (moved.length === 0) return false;
      await insertGrades(tx, input.submissionId, input.items);
      // A newer attempt replaces the learner's earlier projects still waiting: grade the latest.
      await tx
        .update(projectReviews)
        .set({ status: 'superseded', claimedBy: null, claimExpiresAt: null })
        .where(and(eq(projectReviews.user, input.user), eq(projectReviews.course, input.course), eq(projectReviews.assessment, input.assessment), eq(projectReviews.status, 'open')));
      await tx
        .insert(projectReviews)
        .values({ submissionId: input.submissionId, user: input.user, course: input.course, assessment: input.assessment, itemId: input.itemId, status: 'open', createdAt: input.at });
      await writeAudit(tx, input.at, input.user, 'submission.review', `${input.course}/${input.assessment}`, { id: input.submissionId });
      return true;
    });
  }

  async list(course: string, assessment: string): Promise<R.IReviewRow[]> {
    return rows(this.db, and(eq(projectReviews.course, course), eq(projectReviews.assessment, assessment)));
  }

  async get(submissionId: string): Promise<R.IReviewRow | undefined> {
    return (await rows(this.db, eq(projectReviews.submissionId, submissionId)))[0];
  }

  async claim(submissionId: string, grader: string, now: number, until: number, force: boolean): Promise<R.ClaimOutcome> {
    return inTransaction(this.db, async (tx): Promise<R.ClaimOutcome> => {
      const [row] = await rows(tx, eq(projectReviews.submissionId, submissionId), { lock: 'update' });
      if (!row) return { kind: 'not_found' };
      if (heldByOther(row, grader, now) && !force) return heldOutcome(row, now);
      if (row.status === 'superseded') return { kind: 'ok', row };
      await tx.update(projectReviews).set({ claimedBy: grader, claimExpiresAt: until }).where(eq(projectReviews.submissionId, submissionId));
      if (row.claimedBy !== grader) await writeAudit(tx, now, grader, force && row.claimedBy ? 'review.taken-over' : 'review.claimed', submissionId, { from: row.claimedBy });
      return { kind: 'ok', row: { ...row, claimedBy: grader, claimExpiresAt: until } };
    });
  }

  async claimNext(course: string, assessment: string, grader: string, now: number, until: number): Promise<{ row: R.IReviewRow | null; remaining: number }> {
    return inTransaction(this.db, async (tx) => {
      const inQueue = and(eq(projectReviews.course, course), eq(projectReviews.assessment, assessment), eq(projectReviews.status, 'open'));
      const free = sql`(${projectReviews.claimedBy} is null or ${projectReviews.claimExpiresAt} <= ${now} or ${projectReviews.claimedBy} = ${grader})`;
      const [mine] = await rows(tx, and(inQueue, eq(projectReviews.claimedBy, grader), gt(projectReviews.claimExpiresAt, now)), { limit: 1, lock: 'update' });
      // A row skipped because another grader is claiming it is theirs a moment later; a row whose
      // claim committed while this read waited fails `free` when re-checked and is passed over.
      const next = mine ?? (await rows(tx, and(inQueue, free), { limit: 1, lock: 'skip' }))[0];
      if (next) {
        await tx.update(projectReviews).set({ claimedBy: grader, claimExpiresAt: until }).where(eq(projectReviews.submissionId, next.submissionId));
        if (next.claimedBy !== grader) await writeAudit(tx, now, grader, 'review.claimed', next.submissionId, { from: next.claimedBy });
      }
      const [remaining] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(projectReviews)
        .where(and(inQueue, sql`(${projectReviews.claimedBy} is null or ${projectReviews.claimExpiresAt} <= ${now})`));
      return { row: next ? { ...next, claimedBy: grader, claimExpiresAt: until } : null, remaining: remaining?.n ?? 0 };
    });
  }

  async saveDraft(submissionId: string, grader: string, grade: R.StoredGrade, now: number, until: number): Promise<R.ClaimOutcome> {
    return inTransaction(this.db, async (tx): Promise<R.ClaimOutcome> => {
      const [row] = await rows(tx, eq(projectReviews.submissionId, submissionId), { lock: 'update' });
      if (!row) return { kind: 'not_found' };
      if (heldByOther(row, grader, now)) return heldOutcome(row, now);
      await tx.update(projectReviews).set({ grade, claimedBy: grader, claimExpiresAt: until }).where(eq(projectReviews.submissionId, submissionId));
      return { kind: 'ok', row: { ...row, grade, claimedBy: grader, claimExpiresAt: until } };
    });
  }

  async complete(input: R.ICompleteReview): Promise<Complete> {
    return inTransaction(this.db, async (tx): Promise<Complete> => {
      const [learner] = await tx.select({ user: projectReviews.user }).from(projectReviews).where(eq(projectReviews.submissionId, input.submissionId));
      if (!learner) return { kind: 'not_found' };
      // The learner's lock before any row lock, the order every writer of a learner's rows
      // keeps (queueing a resubmission, submits, a regrade's passes): otherwise this grade and
      // a resubmission superseding the row could each wait for the other.
      await lockLearner(tx, learner.user);
      const [row] = await rows(tx, eq(projectReviews.submissionId, input.submissionId), { lock: 'update' });
      if (!row) return { kind: 'not_found' };
      if (heldByOther(row, input.grader, input.now)) return heldOutcome(row, input.now);
      // Locked before it is read: a regrade batch writing this submission waits, or has committed (and is overwritten, as on SQLite).
      const [before] = await tx.select({ score: submissions.score, passed: submissions.passed }).from(submissions).where(eq(submissions.id, input.submissionId)).for('update');
      await tx
        .update(projectReviews)
        .set({ status: 'graded', grade: input.grade, gradedBy: input.grader, gradedAt: input.now, claimedBy: null, claimExpiresAt: null })
        .where(eq(projectReviews.submissionId, input.submissionId));
      await tx.delete(itemGrades).where(and(eq(itemGrades.submissionId, input.submissionId), eq(itemGrades.itemId, input.item.itemId)));
      await insertGrades(tx, input.submissionId, [input.item]);
      await tx
        .update(submissions)
        .set({ status: 'graded', score: input.score, passed: input.passed, gradedAt: input.now, error: null })
        .where(and(eq(submissions.id, input.submissionId), ne(submissions.status, 'pending')));
      const lessonCompleted = await completeLesson(tx, input.progress);
      await writeAudit(tx, input.now, input.grader, row.status === 'graded' ? 'review.regraded' : 'review.graded', `${row.course}/${row.assessment}/${row.user}`, {
        id: input.submissionId,
        score: input.score,
        passed: input.passed,
        before: before ?? null
      });
      const graded: R.IReviewRow = { ...row, status: 'graded', gradedBy: input.grader, gradedAt: input.now, claimedBy: null, claimExpiresAt: null, score: input.score };
      return { kind: 'ok', row: graded, lessonCompleted, before: before ?? { score: null, passed: null } };
    });
  }
}

/**
 * The lesson completed by a first pass (a released project grade, a regrade), in the caller's
 * transaction. The learner's lock, which submissions take too, makes "not completed yet" and
 * the write one step across connections: the lesson completes once, with one event.
 */
export async function completeLesson(tx: PgTx, p: R.ICompleteReview['progress']): Promise<boolean> {
  if (!p) return false;
  await lockLearner(tx, p.user);
  if ((await lessonStatus(tx, p.user, p.course, p.lesson)) === 'completed') return false;
  await writeProgress(tx, p);
  return p.kind === 'assessment_passed';
}

async function insertGrades(tx: PgTx, submissionId: string, items: IItemGradeRow[]): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(itemGrades).values(items.map((i) => ({ ...i, measurements: i.measurements ?? null, submissionId })));
}

/** Queue rows with their submission's fields, oldest first; `lock` applies to the queue rows only. */
async function rows(db: PgExec, where: SQL | undefined, opts: { limit?: number; lock?: Lock } = {}): Promise<R.IReviewRow[]> {
  const base = db.select(ROW).from(projectReviews).innerJoin(submissions, eq(submissions.id, projectReviews.submissionId)).where(where).orderBy(asc(projectReviews.createdAt)).$dynamic();
  const limited = opts.limit === undefined ? base : base.limit(opts.limit);
  if (opts.lock === 'skip') return limited.for('update', { of: projectReviews, skipLocked: true });
  if (opts.lock === 'update') return limited.for('update', { of: projectReviews });
  return limited;
}

/** How many project snapshots a learner made since `since`. */
async function uploadsSince(db: PgExec, user: string, since: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(projectUploads)
    .where(and(eq(projectUploads.user, user), sql`${projectUploads.createdAt} >= ${since}`));
  return row?.n ?? 0;
}
