import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Role } from '@voxel-academy/protocol';
import { openDatabase, type SqliteDb } from '../db/connection.js';
import { itemGrades, sessions, submissions, users } from '../db/schema.js';
import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { startCheckpointer } from './checkpointer.js';
import { GroupCommitter } from './group-commit.js';
import { SqliteCertificates } from './sqlite-certificates.js';
import { SqliteCohort } from './sqlite-cohort.js';
import { SqliteReviews } from './sqlite-reviews.js';
import { SqliteLeaderboard } from './sqlite-leaderboard.js';
import { SqliteDiscussion } from './sqlite-discussion.js';
import { SqliteUploads } from './sqlite-uploads.js';
import { SqliteGradingQueue } from './sqlite-grading-queue.js';
import { SqliteReports, writeAudit, type Tx } from './sqlite-reports.js';
import { gradeFromSql, HotStatements, overrideFromSql, recordFromSql } from './sqlite-hot-path.js';
import { newSubmission } from './new-submission.js';
import type * as T from './types.js';

type SubmissionRow = typeof submissions.$inferSelect;
/**
 * IStore on one SQLite file. better-sqlite3 is synchronous, so every method finishes its
 * transaction before returning; the async signatures are for dialects that are not.
 */
export class SqliteStore implements T.IStore {
  readonly dialect = 'sqlite' as const;
  private readonly db: SqliteDb;
  private readonly client: Database.Database;
  private readonly hot: HotStatements;
  private readonly commits: GroupCommitter;
  private readonly certificates: SqliteCertificates;
  private readonly uploads: SqliteUploads;
  private readonly reports: SqliteReports;
  readonly reviews: SqliteReviews;
  readonly cohort: SqliteCohort;
  readonly leaderboard: SqliteLeaderboard;
  readonly discussion: SqliteDiscussion;
  readonly gradingQueue: SqliteGradingQueue;

  private readonly checkpointer: Worker | null;

  constructor(file: string) {
    this.db = openDatabase(file);
    this.client = this.db.$client;
    // Checkpoints move to a background thread (see checkpoint-worker.ts); in-memory DBs have no WAL.
    this.checkpointer = file === ':memory:' ? null : startCheckpointer(this.client, file);
    this.hot = new HotStatements(this.client);
    this.commits = new GroupCommitter(this.client);
    this.certificates = new SqliteCertificates(this.db);
    this.uploads = new SqliteUploads(this.db);
    this.reports = new SqliteReports(this.db);
    this.reviews = new SqliteReviews(this.db, this.hot);
    this.cohort = new SqliteCohort(this.client, this.hot);
    this.leaderboard = new SqliteLeaderboard(this.db);
    this.discussion = new SqliteDiscussion(this.db);
    this.gradingQueue = new SqliteGradingQueue(this.client, this.commits);
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
    // IMMEDIATE (in the group commit) takes the write lock up front: two submits cannot both
    // read "2 attempts used".
    return this.commits.run(() => this.reserveInTx(input, decide));
  }

  async completeGrading(input: T.ICompleteGrading): Promise<T.ICompletion> {
    return this.commits.run((): T.ICompletion => {
        const q = this.hot;
        // Already graded (e.g. by a recovery pass racing a live grade): grade once, keep the first.
        if (q.markGraded.run(input.score, input.passed ? 1 : 0, input.gradedAt, input.submissionId).changes === 0) {
          return { applied: false, lessonCompleted: false };
        }
        return { applied: true, lessonCompleted: this.recordGrades(input) };
    });
  }

  async submitAndGrade(input: T.IReserveInput, decide: (s: T.IAttemptState) => T.AttemptDecision, grade: T.SubmitGrader): Promise<T.ReserveOutcome> {
    return this.commits.run((): T.ReserveOutcome => {
      const reserved = this.decideInTx(input, decide);
      if (reserved.kind !== 'allowed') return reserved;
      const s = reserved.submission;
      const g = grade(s);
      const best = this.hot.bestScore.get(s.user, s.course, s.assessment)?.best ?? null;
      // Written once, already graded: no pending row to update, one audit entry.
      this.hot.insertGradedSubmission.run(
        s.id, s.user, s.course, s.assessment, s.attempt, input.idempotencyKey, JSON.stringify(s.answers), s.submittedAt,
        s.late ? 1 : 0, s.lateFactor, g.score, g.passed ? 1 : 0, g.gradedAt
      );
      const lessonCompleted = this.recordGrades({ ...g, submissionId: s.id, user: s.user, course: s.course, assessment: s.assessment }, s.attempt);
      const newBest = best === null || g.score > best;
      return { kind: 'created', lessonCompleted, newBest, submission: { ...s, status: 'graded', items: g.items, score: g.score, passed: g.passed, gradedAt: g.gradedAt } };
    });
  }

  /** Idempotency and attempt rules; on success the new submission, not yet written. */
  private decideInTx(
    input: T.IReserveInput,
    decide: (s: T.IAttemptState) => T.AttemptDecision
  ): Exclude<T.ReserveOutcome, { kind: 'created' }> | { kind: 'allowed'; submission: T.ISubmissionRecord } {
    const { user, course, assessment, now } = input;
    const q = this.hot;
    if (input.idempotencyKey) {
      const existing = q.byIdempotencyKey.get(user, input.idempotencyKey);
      if (existing) return { kind: 'duplicate', submission: recordFromSql(existing, q.gradesOf.all(existing.id).map(gradeFromSql)) };
    }
    const attemptsUsed = q.lastAttempt.get(user, course, assessment)?.n ?? 0;
    const overrideRow = q.override.get(user, course, assessment);
    const decision = decide({ attemptsUsed, override: overrideRow ? overrideFromSql(overrideRow) : undefined });
    if (!decision.allow) return { kind: 'refused', reason: decision.reason, message: decision.message };
    q.enroll.run(user, course, now);
    return { kind: 'allowed', submission: newSubmission(input, attemptsUsed + 1, decision) };
  }

  private reserveInTx(input: T.IReserveInput, decide: (s: T.IAttemptState) => T.AttemptDecision): T.ReserveOutcome {
    const reserved = this.decideInTx(input, decide);
    if (reserved.kind !== 'allowed') return reserved;
    const s = reserved.submission;
    this.hot.insertSubmission.run(
      s.id, s.user, s.course, s.assessment, s.attempt, input.idempotencyKey, JSON.stringify(s.answers), s.submittedAt, s.late ? 1 : 0, s.lateFactor,
      input.claim?.owner ?? null, input.claim?.until ?? null
    );
    this.uploads.markReferenced(this.db, input.uploadIds ?? [], s.user, s.submittedAt);
    this.hot.insertAudit.run(s.submittedAt, s.user, 'submission.created', `${s.course}/${s.assessment}`, JSON.stringify({ id: s.id, attempt: s.attempt }));
    return { kind: 'created', submission: s };
  }

  /** Item grades, first-pass progress and the audit entry; returns whether the lesson got completed. */
  private recordGrades(input: T.ICompleteGrading, attempt?: number): boolean {
    const q = this.hot;
    q.insertGrades(input.submissionId, input.items);
    const p = input.progress;
    let lessonCompleted = false;
    if (p && q.lessonStatus.get(p.user, p.course, p.lesson)?.status !== 'completed') {
      q.insertProgressEvent.run(p.user, p.course, p.lesson, p.kind, p.at, p.data ? JSON.stringify(p.data) : null);
      q.upsertLessonProgress.run(p.user, p.course, p.lesson, p.kind === 'assessment_passed' ? 'completed' : 'in_progress', p.at);
      lessonCompleted = p.kind === 'assessment_passed';
    }
    const data = JSON.stringify({ id: input.submissionId, score: input.score, passed: input.passed, ...(attempt === undefined ? {} : { attempt }) });
    q.insertAudit.run(input.gradedAt, input.user, 'submission.graded', `${input.course}/${input.assessment}`, data);
    return lessonCompleted;
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
    return this.hot.lastAttempt.get(user, course, assessment)?.n ?? 0;
  }

  lessonProgress(user: string, course: string): Promise<T.ILessonProgressRow[]> {
    return this.reports.lessonProgress(user, course);
  }

  activity(user: string, course: string): Promise<T.IActivityRow[]> {
    return this.reports.activity(user, course);
  }

  roster(course: string): Promise<T.IRosterRow[]> {
    return this.reports.roster(course);
  }

  setOverride(row: T.IOverrideRow): Promise<void> {
    return this.reports.setOverride(row);
  }

  bestScores(user: string, course: string): Promise<Map<string, number>> {
    return this.reports.bestScores(user, course);
  }

  audit(filter: { since?: number; limit: number }): Promise<T.IAuditRow[]> {
    return this.reports.audit(filter);
  }

  async recordProgress(event: T.IProgressEvent): Promise<void> {
    const q = this.hot;
    this.client.transaction(() => {
      q.enroll.run(event.user, event.course, event.at);
      q.insertProgressEvent.run(event.user, event.course, event.lesson, event.kind, event.at, event.data ? JSON.stringify(event.data) : null);
      q.upsertLessonProgress.run(event.user, event.course, event.lesson, event.kind === 'assessment_passed' ? 'completed' : 'in_progress', event.at);
    })();
  }

  async getOverride(user: string, course: string, assessment: string): Promise<T.IOverrideRow | undefined> {
    const row = this.hot.override.get(user, course, assessment);
    return row ? overrideFromSql(row) : undefined;
  }

  // Uploads (quota, retention) and status list positions live in their own modules.
  insertUpload(row: T.IUploadRow, actor: string, quota?: T.IUploadQuota): Promise<boolean> { return this.uploads.insert(row, actor, quota); }
  getUpload(id: string): Promise<T.IUploadRow | undefined> { return this.uploads.get(id); }

  unreferencedUploads(user: string): Promise<{ count: number; bytes: number; oldest: number | null }> { return this.uploads.unreferencedUsage(user); }

  deleteUnreferencedUploads(createdBefore: number, at: number): Promise<Array<{ id: string; file: string }>> { return this.uploads.deleteUnreferenced(createdBefore, at); }

  nextStatusIndex(): Promise<number> { return this.certificates.nextStatusIndex(); }

  statusListState(): Promise<{ allocated: number; revoked: number[] }> { return this.certificates.statusListState(); }

  insertCertificate(row: T.ICertificateRow): Promise<{ created: boolean; certificate: T.ICertificateRow }> {
    return this.certificates.insert(row);
  }

  getCertificate(id: string): Promise<T.ICertificateRow | undefined> {
    return this.certificates.get(id);
  }

  listCertificates(user: string): Promise<T.ICertificateRow[]> {
    return this.certificates.list(user);
  }

  revokeCertificate(id: string, by: string, reason: string, at: number): Promise<T.ICertificateRow | undefined> {
    return this.certificates.revoke(id, by, reason, at);
  }

  async close(): Promise<void> {
    // Group-committed writes still queued are flushed first: their callers await an answer.
    await this.commits.drain();
    if (this.checkpointer) await this.checkpointer.terminate();
    // A final checkpoint on close keeps the WAL from growing across restarts.
    this.client.pragma('wal_checkpoint(TRUNCATE)');
    this.client.close();
  }

  private withItems(tx: Tx | SqliteDb, row: SubmissionRow): T.ISubmissionRecord {
    const items = tx.select().from(itemGrades).where(eq(itemGrades.submissionId, row.id)).all().map(gradeRow);
    return toRecord(row, items);
  }
}

function gradeRow(g: typeof itemGrades.$inferSelect): T.IItemGradeRow {
  return { itemId: g.itemId, score: g.score, points: g.points, maxPoints: g.maxPoints, feedback: g.feedback, measurements: g.measurements ?? undefined };
}

/** Drizzle's row already has the record's field names; the idempotency key and grading claim stay private. */
function toRecord(r: SubmissionRow, items: T.IItemGradeRow[]): T.ISubmissionRecord {
  const { idempotencyKey: _private, claimedBy: _claimedBy, claimUntil: _claimUntil, ...fields } = r;
  return { ...fields, items };
}
