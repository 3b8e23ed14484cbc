import type { Role } from '@voxel-academy/protocol';
import { openPgDatabase, type IPgOptions, type PgDb } from '../../db/pg-connection.js';
import type { ICohortStore, IReviewStore } from '../instructor-types.js';
import type * as T from '../types.js';
import { PgCertificates } from './pg-certificates.js';
import { PgCohort } from './pg-cohort.js';
import { PgGradingQueue } from './pg-grading-queue.js';
import { PgProgress } from './pg-progress.js';
import { PgLeaderboard } from './pg-leaderboard.js';
import { PgDiscussion } from './pg-discussion.js';
import { PgReviews } from './pg-reviews.js';
import { PgSubmissions } from './pg-submissions.js';
import { PgUploads } from './pg-uploads.js';
import { PgUsersSessions } from './pg-users-sessions.js';

/**
 * IStore on PostgreSQL, composed of one class per aggregate over one connection pool. Several
 * course-server replicas may share the database: the exactly-once rules live in the database
 * (locks and unique indexes), not in this process.
 */
export class PgStore implements T.IStore {
  readonly dialect = 'postgres' as const;
  readonly reviews: IReviewStore;
  readonly cohort: ICohortStore;
  readonly gradingQueue: PgGradingQueue;
  readonly leaderboard: PgLeaderboard;
  readonly discussion: PgDiscussion;
  private readonly users: PgUsersSessions;
  private readonly uploads: PgUploads;
  private readonly submissions: PgSubmissions;
  private readonly progress: PgProgress;
  private readonly certificates: PgCertificates;

  /** The drizzle handle and its pg.Pool (`db.$client`), for the grading queue and pool metrics. */
  constructor(readonly db: PgDb) {
    this.users = new PgUsersSessions(db);
    this.uploads = new PgUploads(db);
    this.submissions = new PgSubmissions(db, this.uploads);
    this.progress = new PgProgress(db);
    this.certificates = new PgCertificates(db);
    this.reviews = new PgReviews(db);
    this.cohort = new PgCohort(db);
    this.gradingQueue = new PgGradingQueue(db);
    this.leaderboard = new PgLeaderboard(db);
    this.discussion = new PgDiscussion(db);
  }

  /** The connection pool's use, for the metrics (saturation: requests waiting for a connection). */
  poolStats(): { max: number; total: number; idle: number; waiting: number } {
    const pool = this.db.$client;
    return { max: pool.options.max ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }

  /** Connects and applies pending migrations (under an advisory lock: replicas may boot together). */
  static async open(url: string, options: IPgOptions = {}): Promise<PgStore> {
    return new PgStore(await openPgDatabase(url, options));
  }

  async close(): Promise<void> {
    await this.db.$client.end();
  }

  upsertUser(name: string, roles: Role[], now: number): Promise<void> { return this.users.upsertUser(name, roles, now); }
  createSession(row: T.ISessionRow): Promise<void> { return this.users.createSession(row); }
  getSession(idHash: string): Promise<T.ISessionRow | undefined> { return this.users.getSession(idHash); }
  refreshSession(idHash: string, roles: Role[], checkedAt: number): Promise<void> { return this.users.refreshSession(idHash, roles, checkedAt); }
  deleteSession(idHash: string): Promise<void> { return this.users.deleteSession(idHash); }
  pruneSessions(now: number): Promise<number> { return this.users.pruneSessions(now); }

  reserveAttempt(input: T.IReserveInput, decide: (s: T.IAttemptState) => T.AttemptDecision): Promise<T.ReserveOutcome> {
    return this.submissions.reserveAttempt(input, decide);
  }
  submitAndGrade(input: T.IReserveInput, decide: (s: T.IAttemptState) => T.AttemptDecision, grade: T.SubmitGrader): Promise<T.ReserveOutcome> {
    return this.submissions.submitAndGrade(input, decide, grade);
  }
  completeGrading(input: T.ICompleteGrading): Promise<T.ICompletion> { return this.submissions.completeGrading(input); }
  failGrading(id: string, error: string, now: number): Promise<void> { return this.submissions.failGrading(id, error, now); }
  getSubmission(id: string): Promise<T.ISubmissionRecord | undefined> { return this.submissions.getSubmission(id); }
  listSubmissions(filter: { user?: string; course?: string; assessment?: string }): Promise<T.ISubmissionRecord[]> {
    return this.submissions.listSubmissions(filter);
  }
  pendingSubmissions(): Promise<T.ISubmissionRecord[]> { return this.submissions.pendingSubmissions(); }
  attemptsUsed(user: string, course: string, assessment: string): Promise<number> { return this.submissions.attemptsUsed(user, course, assessment); }
  bestScores(user: string, course: string): Promise<Map<string, number>> { return this.submissions.bestScores(user, course); }
  setOverride(row: T.IOverrideRow): Promise<void> { return this.submissions.setOverride(row); }
  getOverride(user: string, course: string, assessment: string): Promise<T.IOverrideRow | undefined> {
    return this.submissions.getOverride(user, course, assessment);
  }

  recordProgress(event: T.IProgressEvent): Promise<void> { return this.progress.recordProgress(event); }
  lessonProgress(user: string, course: string): Promise<T.ILessonProgressRow[]> { return this.progress.lessonProgress(user, course); }
  activity(user: string, course: string): Promise<T.IActivityRow[]> { return this.progress.activity(user, course); }
  roster(course: string): Promise<T.IRosterRow[]> { return this.progress.roster(course); }
  audit(filter: { since?: number; limit: number }): Promise<T.IAuditRow[]> { return this.progress.audit(filter); }

  insertUpload(row: T.IUploadRow, actor: string, quota?: T.IUploadQuota): Promise<boolean> { return this.uploads.insertUpload(row, actor, quota); }
  getUpload(id: string): Promise<T.IUploadRow | undefined> { return this.uploads.getUpload(id); }
  unreferencedUploads(user: string): Promise<{ count: number; bytes: number; oldest: number | null }> { return this.uploads.unreferencedUploads(user); }
  deleteUnreferencedUploads(before: number, at: number): Promise<Array<{ id: string; file: string }>> {
    return this.uploads.deleteUnreferencedUploads(before, at);
  }

  nextStatusIndex(): Promise<number> { return this.certificates.nextStatusIndex(); }
  statusListState(): Promise<{ allocated: number; revoked: number[] }> { return this.certificates.statusListState(); }
  insertCertificate(row: T.ICertificateRow): Promise<{ created: boolean; certificate: T.ICertificateRow }> { return this.certificates.insertCertificate(row); }
  getCertificate(id: string): Promise<T.ICertificateRow | undefined> { return this.certificates.getCertificate(id); }
  listCertificates(user: string): Promise<T.ICertificateRow[]> { return this.certificates.listCertificates(user); }
  revokeCertificate(id: string, by: string, reason: string, at: number): Promise<T.ICertificateRow | undefined> {
    return this.certificates.revokeCertificate(id, by, reason, at);
  }
}
