import type { IItemGradeRow, IProgressEvent, ISubmissionRecord } from './rows.js';

/**
 * Storage for the instructor workspace: the grading queue of practical projects and the cohort
 * reads behind the overview, heatmap, analytics and regrades. Dialect-free like IStore; every
 * multi-row write is one transaction with its audit entry.
 */

export interface IProjectManifest {
  notebookPath: string;
  cells: number;
  files: { path: string; bytes: number }[];
}

export interface IProjectUploadRow {
  id: string;
  user: string;
  createdAt: number;
  bytes: number;
  /** File name inside the data directory's projects folder. */
  file: string;
  manifest: IProjectManifest;
}

/** A grade as stored: the protocol's ReviewGrade (criteria, comment, cell comments). */
export type StoredGrade = Record<string, unknown>;

export interface IReviewRow {
  submissionId: string;
  user: string;
  course: string;
  assessment: string;
  itemId: string;
  status: 'open' | 'graded' | 'superseded';
  createdAt: number;
  claimedBy: string | null;
  claimExpiresAt: number | null;
  grade: StoredGrade | null;
  gradedBy: string | null;
  gradedAt: number | null;
  /** From the submission. */
  attempt: number;
  submittedAt: number;
  late: boolean;
  score: number | null;
}

/** A claim decision: the row as it is now, or who holds it. */
export type ClaimOutcome =
  | { kind: 'ok'; row: IReviewRow }
  | { kind: 'held'; row: IReviewRow; by: string; until: number }
  | { kind: 'not_found' };

export interface IOpenReview {
  submissionId: string;
  user: string;
  course: string;
  assessment: string;
  itemId: string;
  /** Grades of the assessment's automatic items (the project item is graded later). */
  items: IItemGradeRow[];
  at: number;
}

export interface ICompleteReview {
  submissionId: string;
  grader: string;
  grade: StoredGrade;
  /** The project item's grade row, from the rubric. */
  item: IItemGradeRow;
  score: number;
  passed: boolean;
  now: number;
  progress?: IProgressEvent | undefined;
}

export interface IReviewStore {
  /** Stores the snapshot unless the learner already made `limit.max` since `limit.since` (counted in the same transaction); false: nothing written. */
  insertUpload(row: IProjectUploadRow, actor: string, limit?: { since: number; max: number }): Promise<boolean>;
  getUpload(id: string): Promise<IProjectUploadRow | undefined>;
  /** How many project uploads a learner made since `since` (epoch ms), for the upload limit. */
  uploadsSince(user: string, since: number): Promise<number>;
  /** pending → review: the automatic grades, the queue row, older open rows of the learner superseded, audit. False if not pending. */
  open(input: IOpenReview): Promise<boolean>;
  list(course: string, assessment: string): Promise<IReviewRow[]>;
  get(submissionId: string): Promise<IReviewRow | undefined>;
  /** Claims unless someone else holds an unexpired claim (`force` takes it over). */
  claim(submissionId: string, grader: string, now: number, until: number, force: boolean): Promise<ClaimOutcome>;
  /** The grader's unexpired claim on an open row, else the oldest open row nobody holds, claimed. */
  claimNext(course: string, assessment: string, grader: string, now: number, until: number): Promise<{ row: IReviewRow | null; remaining: number }>;
  /** Saves a draft grade under the grader's claim (renewed until `until`). */
  saveDraft(submissionId: string, grader: string, grade: StoredGrade, now: number, until: number): Promise<ClaimOutcome>;
  /** Grades the submission from the rubric under the grader's claim, releasing it; audited. */
  complete(input: ICompleteReview): Promise<ClaimOutcome & { lessonCompleted?: boolean; before?: { score: number | null; passed: boolean | null } }>;
}

/** Per learner and assessment of a course: what the heatmap and the attention list need. */
export interface IAttemptSummary {
  user: string;
  assessment: string;
  /** Submissions stored (every status). */
  attempts: number;
  graded: number;
  best: number | null;
  passed: boolean;
  /** A project of theirs waits for a grader. */
  inReview: boolean;
  lastAt: number;
}

export interface ICohortSnapshot {
  enrollments: { user: string; enrolledAt: number }[];
  progress: { user: string; lesson: string; status: 'in_progress' | 'completed'; updatedAt: number }[];
  attempts: IAttemptSummary[];
  certificates: { user: string; track: string; revoked: boolean }[];
  overrides: { user: string; assessment: string; extraAttempts: number }[];
}

/** One learner's graded attempts at one assessment. */
export interface ILearnerTotals {
  user: string;
  attempts: number;
  best: number;
  passed: boolean;
}

/** A learner's first graded attempt: what item statistics read. */
export interface IFirstAttemptRow {
  user: string;
  answers: Record<string, unknown>;
  /** Credit per item id. */
  credit: ReadonlyMap<string, number>;
}

/**
 * Opaque: whatever a backend finds submissions by fastest, handed back as it came. SQLite
 * pages by rowid (by submission id, reading 6,000 records took 1.11× as long, side by side:
 * random UUID index probes); PostgreSQL has no rowid and pages by submission id.
 */
export type SubmissionKey = number | string;

export interface IRegradeWrite {
  submissionId: string;
  user: string;
  /** The graded time the computation read: a row graded again since is skipped, not overwritten. */
  gradedAtBefore: number | null;
  /** Only the item grades that changed (a regrade usually changes one or two items). */
  changedItems: IItemGradeRow[];
  /** Item grades stored for items the assessment no longer has. */
  removedItems: string[];
  score: number;
  passed: boolean;
  progress?: IProgressEvent | undefined;
}

export interface IRegradeAudit {
  actor: string;
  at: number;
  target: string;
  each: string;
  all: string;
  summary?: Record<string, unknown>;
}

export interface ICohortStore {
  snapshot(course: string): Promise<ICohortSnapshot>;
  /** Distinct learners with a progress event or a submission since `since`, and submissions since then. */
  activity(course: string, since: number): Promise<{ learners: number; submissions: number }>;
  /** Per learner: graded attempts, best score, whether one passed. */
  assessmentTotals(course: string, assessment: string): Promise<ILearnerTotals[]>;
  /** Each learner's first graded attempt, with its answers and item credit. */
  firstAttempts(course: string, assessment: string): Promise<IFirstAttemptRow[]>;
  /** Keys of the graded submissions of an assessment, read in pages with `records`. */
  gradedIds(course: string, assessment: string): Promise<SubmissionKey[]>;
  records(keys: SubmissionKey[]): Promise<ISubmissionRecord[]>;
  /** Projects submitted and not graded yet. */
  reviewsWaiting(course: string): Promise<number>;
  /** Excused items per learner of one assessment (users without any are absent). */
  excused(course: string, assessment: string): Promise<Map<string, string[]>>;
  /**
   * Writes a batch of a regrade in one transaction with its audit entries (`audit.each` per
   * submission, and `audit.all` with the summary when given: the last batch); returns the
   * submissions written.
   */
  applyRegrade(writes: IRegradeWrite[], audit: IRegradeAudit): Promise<string[]>;
}
