import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { SqliteDb } from '../db/connection.js';
import { projectReviews, projectUploads, submissions } from '../db/schema.js';
import type { HotStatements } from './sqlite-hot-path.js';
import { writeAudit, type Tx } from './sqlite-reports.js';
import type * as R from './instructor-types.js';
import { heldByOther, heldOutcome } from './review-claims.js';

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

/** The grading queue of practical projects on SQLite: claims, drafts and grades, each in one transaction. */
export class SqliteReviews implements R.IReviewStore {
  constructor(
    private readonly db: SqliteDb,
    private readonly hot: HotStatements
  ) {}

  async insertUpload(row: R.IProjectUploadRow, actor: string, limit?: { since: number; max: number }): Promise<boolean> {
    return this.db.transaction((tx) => {
      if (limit && this.countSince(row.user, limit.since) >= limit.max) return false;
      tx.insert(projectUploads).values(row).run();
      writeAudit(tx, row.createdAt, actor, 'project.uploaded', row.id, { bytes: row.bytes, cells: row.manifest.cells, files: row.manifest.files.length });
      return true;
    });
  }

  async getUpload(id: string): Promise<R.IProjectUploadRow | undefined> {
    return this.db.select().from(projectUploads).where(eq(projectUploads.id, id)).get();
  }

  async uploadsSince(user: string, since: number): Promise<number> {
    return this.countSince(user, since);
  }

  private countSince(user: string, since: number): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(projectUploads).where(and(eq(projectUploads.user, user), sql`${projectUploads.createdAt} >= ${since}`)).get()?.n ?? 0;
  }

  async open(input: R.IOpenReview): Promise<boolean> {
    return this.db.transaction((tx) => {
      const moved = tx
        .update(submissions)
        .set({ status: 'review', error: null })
        .where(and(eq(submissions.id, input.submissionId), eq(submissions.status, 'pending')))
        .run().changes;
      if (moved === 0) return false;
      this.hot.insertGrades(input.submissionId, input.items);
      // A newer attempt replaces the learner's earlier projects still waiting: grade the latest.
      tx.update(projectReviews)
        .set({ status: 'superseded', claimedBy: null, claimExpiresAt: null })
        .where(and(eq(projectReviews.user, input.user), eq(projectReviews.course, input.course), eq(projectReviews.assessment, input.assessment), eq(projectReviews.status, 'open')))
        .run();
      tx.insert(projectReviews)
        .values({ submissionId: input.submissionId, user: input.user, course: input.course, assessment: input.assessment, itemId: input.itemId, status: 'open', createdAt: input.at })
        .run();
      writeAudit(tx, input.at, input.user, 'submission.review', `${input.course}/${input.assessment}`, { id: input.submissionId });
      return true;
    });
  }

  async list(course: string, assessment: string): Promise<R.IReviewRow[]> {
    return this.rows(this.db, and(eq(projectReviews.course, course), eq(projectReviews.assessment, assessment)));
  }

  async get(submissionId: string): Promise<R.IReviewRow | undefined> {
    return this.rows(this.db, eq(projectReviews.submissionId, submissionId))[0];
  }

  async claim(submissionId: string, grader: string, now: number, until: number, force: boolean): Promise<R.ClaimOutcome> {
    return this.db.transaction((tx) => {
      const row = this.rows(tx, eq(projectReviews.submissionId, submissionId))[0];
      if (!row) return { kind: 'not_found' as const };
      if (heldByOther(row, grader, now) && !force) return heldOutcome(row, now);
      if (row.status === 'superseded') return { kind: 'ok' as const, row };
      tx.update(projectReviews).set({ claimedBy: grader, claimExpiresAt: until }).where(eq(projectReviews.submissionId, submissionId)).run();
      if (row.claimedBy !== grader) writeAudit(tx, now, grader, force && row.claimedBy ? 'review.taken-over' : 'review.claimed', submissionId, { from: row.claimedBy });
      return { kind: 'ok' as const, row: { ...row, claimedBy: grader, claimExpiresAt: until } };
    });
  }

  async claimNext(course: string, assessment: string, grader: string, now: number, until: number): Promise<{ row: R.IReviewRow | null; remaining: number }> {
    return this.db.transaction((tx) => {
      const inQueue = and(eq(projectReviews.course, course), eq(projectReviews.assessment, assessment), eq(projectReviews.status, 'open'));
      const free = sql`(${projectReviews.claimedBy} is null or ${projectReviews.claimExpiresAt} <= ${now} or ${projectReviews.claimedBy} = ${grader})`;
      const mine = this.rows(tx, and(inQueue, eq(projectReviews.claimedBy, grader), sql`${projectReviews.claimExpiresAt} > ${now}`))[0];
      const next = mine ?? this.rows(tx, and(inQueue, free), 1)[0];
      if (next) {
        tx.update(projectReviews).set({ claimedBy: grader, claimExpiresAt: until }).where(eq(projectReviews.submissionId, next.submissionId)).run();
        if (next.claimedBy !== grader) writeAudit(tx, now, grader, 'review.claimed', next.submissionId, { from: next.claimedBy });
      }
      const remaining = tx
        .select({ n: sql<number>`count(*)` })
        .from(projectReviews)
        .where(and(inQueue, sql`(${projectReviews.claimedBy} is null or ${projectReviews.claimExpiresAt} <= ${now})`))
        .get();
      return { row: next ? { ...next, claimedBy: grader, claimExpiresAt: until } : null, remaining: remaining?.n ?? 0 };
    });
  }

  async saveDraft(submissionId: string, grader: string, grade: R.StoredGrade, now: number, until: number): Promise<R.ClaimOutcome> {
    return this.db.transaction((tx) => {
      const row = this.rows(tx, eq(projectReviews.submissionId, submissionId))[0];
      if (!row) return { kind: 'not_found' as const };
      if (heldByOther(row, grader, now)) return heldOutcome(row, now);
      tx.update(projectReviews).set({ grade, claimedBy: grader, claimExpiresAt: until }).where(eq(projectReviews.submissionId, submissionId)).run();
      return { kind: 'ok' as const, row: { ...row, grade, claimedBy: grader, claimExpiresAt: until } };
    });
  }

  async complete(input: R.ICompleteReview): Promise<R.ClaimOutcome & { lessonCompleted?: boolean; before?: { score: number | null; passed: boolean | null } }> {
    return this.db.transaction((tx) => {
      const row = this.rows(tx, eq(projectReviews.submissionId, input.submissionId))[0];
      if (!row) return { kind: 'not_found' as const };
      if (heldByOther(row, input.grader, input.now)) return heldOutcome(row, input.now);
      const before = tx.select({ score: submissions.score, passed: submissions.passed }).from(submissions).where(eq(submissions.id, input.submissionId)).get();
      tx.update(projectReviews)
        .set({ status: 'graded', grade: input.grade, gradedBy: input.grader, gradedAt: input.now, claimedBy: null, claimExpiresAt: null })
        .where(eq(projectReviews.submissionId, input.submissionId))
        .run();
      tx.run(sql`delete from item_grades where submission_id = ${input.submissionId} and item_id = ${input.item.itemId}`);
      this.hot.insertGrades(input.submissionId, [input.item]);
      tx.update(submissions)
        .set({ status: 'graded', score: input.score, passed: input.passed, gradedAt: input.now, error: null })
        .where(and(eq(submissions.id, input.submissionId), ne(submissions.status, 'pending')))
        .run();
      const lessonCompleted = this.progress(input.progress);
      writeAudit(tx, input.now, input.grader, row.status === 'graded' ? 'review.regraded' : 'review.graded', `${row.course}/${row.assessment}/${row.user}`, {
        id: input.submissionId,
        score: input.score,
        passed: input.passed,
        before: before ?? null
      });
      return { kind: 'ok' as const, row: { ...row, status: 'graded' as const, gradedBy: input.grader, gradedAt: input.now, claimedBy: null, claimExpiresAt: null, score: input.score }, lessonCompleted, before: before ?? { score: null, passed: null } };
    });
  }

  /** The lesson completed by a first pass, in the caller's transaction (as a quiz pass does). */
  private progress(p: R.ICompleteReview['progress']): boolean {
    if (!p || this.hot.lessonStatus.get(p.user, p.course, p.lesson)?.status === 'completed') return false;
    this.hot.insertProgressEvent.run(p.user, p.course, p.lesson, p.kind, p.at, p.data ? JSON.stringify(p.data) : null);
    this.hot.upsertLessonProgress.run(p.user, p.course, p.lesson, 'completed', p.at);
    return true;
  }

  private rows(db: Tx | SqliteDb, where: ReturnType<typeof and>, limit?: number): R.IReviewRow[] {
    const q = db.select(ROW).from(projectReviews).innerJoin(submissions, eq(submissions.id, projectReviews.submissionId)).where(where).orderBy(asc(projectReviews.createdAt));
    return (limit === undefined ? q.all() : q.limit(limit).all()).map((r) => ({ ...r, late: Boolean(r.late) }));
  }
}
