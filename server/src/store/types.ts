import type { Role } from '@voxel-academy/protocol';
import type { IGradingClaim, IGradingQueueStore } from './aggregates/grading-queue.js';
import type { ICohortStore, IReviewStore } from './instructor-types.js';
import type { IItemGradeRow, IProgressEvent, ISubmissionRecord } from './rows.js';

export type { IItemGradeRow, IProgressEvent, ISubmissionRecord } from './rows.js';

/**
 * What the services need from storage, with no SQL dialect in sight: the SQLite store
 * implements it today; a PostgreSQL store can implement it tomorrow. Each method that writes
 * several rows does so in one transaction, audit entry included.
 */
export interface IStore {
  /** Projects and their grading queue. */
  readonly reviews: IReviewStore;
  /** Cohort-wide reads and regrades for the instructor workspace. */
  readonly cohort: ICohortStore;
  /** Pending submissions as a queue replicas claim work from (image grading). */
  readonly gradingQueue: IGradingQueueStore;

  upsertUser(name: string, roles: Role[], now: number): Promise<void>;

  createSession(row: ISessionRow): Promise<void>;
  getSession(idHash: string): Promise<ISessionRow | undefined>;
  refreshSession(idHash: string, roles: Role[], checkedAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  pruneSessions(now: number): Promise<number>;

  /**
   * Reserves the next attempt atomically. `decide` is a pure function run inside the
   * transaction with the learner's current state, so concurrent submits are serialised.
   */
  reserveAttempt(input: IReserveInput, decide: (state: IAttemptState) => AttemptDecision): Promise<ReserveOutcome>;
  completeGrading(input: ICompleteGrading): Promise<ICompletion>;
  /**
   * Reserve + grade + record in ONE transaction, for assessments whose graders are pure and
   * fast (no images). `grade` must be synchronous and side-effect free. Nothing is
   * acknowledged before the commit, so a crash loses only unanswered requests.
   */
  submitAndGrade(
    input: IReserveInput,
    decide: (state: IAttemptState) => AttemptDecision,
    grade: (submission: ISubmissionRecord) => Omit<ICompleteGrading, 'submissionId' | 'user' | 'course' | 'assessment'>
  ): Promise<ReserveOutcome>;
  failGrading(submissionId: string, error: string, now: number): Promise<void>;
  getSubmission(id: string): Promise<ISubmissionRecord | undefined>;
  listSubmissions(filter: { user?: string; course?: string; assessment?: string }): Promise<ISubmissionRecord[]>;
  pendingSubmissions(): Promise<ISubmissionRecord[]>;
  attemptsUsed(user: string, course: string, assessment: string): Promise<number>;

  recordProgress(event: IProgressEvent): Promise<void>;
  lessonProgress(user: string, course: string): Promise<ILessonProgressRow[]>;
  roster(course: string): Promise<IRosterRow[]>;

  setOverride(row: IOverrideRow): Promise<void>;
  getOverride(user: string, course: string, assessment: string): Promise<IOverrideRow | undefined>;

  insertUpload(row: IUploadRow, actor: string): Promise<void>;
  getUpload(id: string): Promise<IUploadRow | undefined>;
  /** How many uploads of this learner no submission names yet, and their bytes (the quota). */
  unreferencedUploads(user: string): Promise<{ count: number; bytes: number; oldest: number | null }>;
  /** Deletes uploads no submission named, created before `createdBefore`; returns their files to remove. */
  deleteUnreferencedUploads(createdBefore: number, at: number): Promise<Array<{ id: string; file: string }>>;

  /** The next free position in the issuer's Bitstring Status List (never reused). */
  nextStatusIndex(): Promise<number>;
  /** Positions handed out so far, and those of revoked certificates. */
  statusListState(): Promise<{ allocated: number; revoked: number[] }>;
  /** Inserts unless the learner already has this track's certificate; returns the one stored. */
  insertCertificate(row: ICertificateRow): Promise<{ created: boolean; certificate: ICertificateRow }>;
  getCertificate(id: string): Promise<ICertificateRow | undefined>;
  listCertificates(user: string): Promise<ICertificateRow[]>;
  revokeCertificate(id: string, by: string, reason: string, at: number): Promise<ICertificateRow | undefined>;
  /** Best graded score per assessment of one learner in one course. */
  bestScores(user: string, course: string): Promise<Map<string, number>>;

  audit(filter: { since?: number; limit: number }): Promise<IAuditRow[]>;
  close(): void;
}

export interface ISessionRow {
  idHash: string;
  user: string;
  roles: Role[];
  hubToken: string;
  checkedAt: number;
  expiresAt: number;
}

export interface IOverrideRow {
  user: string;
  course: string;
  assessment: string;
  extraAttempts: number;
  /** A personal deadline (epoch ms) replacing the assessment's, or null. */
  deadline: number | null;
  /** Items that do not count in this learner's score. */
  excusedItems: string[];
  grantedBy: string;
  grantedAt: number;
}

export interface IReserveInput {
  user: string;
  course: string;
  assessment: string;
  idempotencyKey: string | null;
  answers: Record<string, unknown>;
  /** Uploads the answers name: marked as used (kept from retention) in the same transaction. */
  uploadIds?: readonly string[];
  /** Stored with the submission: the replica that will grade it, and its lease (grading queue). */
  claim?: IGradingClaim;
  now: number;
  newId: string;
}

export interface IAttemptState {
  attemptsUsed: number;
  override: IOverrideRow | undefined;
}

export type AttemptDecision =
  | { allow: true; late: boolean; lateFactor: number }
  | { allow: false; reason: 'attempts_exhausted' | 'deadline_passed'; message: string };

export interface ICompletion {
  /** False when the submission was no longer pending (graded by someone else first). */
  applied: boolean;
  /** True when this grading completed the lesson for the first time. */
  lessonCompleted: boolean;
}

export type ReserveOutcome =
  | { kind: 'created'; submission: ISubmissionRecord; lessonCompleted?: boolean }
  | { kind: 'duplicate'; submission: ISubmissionRecord }
  | { kind: 'refused'; reason: 'attempts_exhausted' | 'deadline_passed'; message: string };



export interface ICompleteGrading {
  submissionId: string;
  user: string;
  course: string;
  assessment: string;
  items: IItemGradeRow[];
  score: number;
  passed: boolean;
  gradedAt: number;
  /** Written in the same transaction when it changes the lesson's state (first pass). */
  progress?: IProgressEvent | undefined;
}


export interface ILessonProgressRow {
  lesson: string;
  status: 'in_progress' | 'completed';
  updatedAt: number;
}

export interface IRosterRow {
  user: string;
  enrolledAt: number;
  lessons: ILessonProgressRow[];
}

export interface IUploadRow {
  id: string;
  user: string;
  createdAt: number;
  bytes: number;
  file: string;
  geometry: Record<string, unknown>;
}

export interface IAuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  data: Record<string, unknown> | null;
}

export interface ICertificateRow {
  id: string;
  user: string;
  course: string;
  track: string;
  title: string;
  credential: Record<string, unknown>;
  jwt: string;
  issuedAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  revokedReason: string | null;
  /** Position in the Bitstring Status List its credential names (null: issued before status lists). */
  statusIndex: number | null;
}
