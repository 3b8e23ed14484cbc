import type { IItemGradeRow, IProgressEvent, ISubmissionRecord } from '../rows.js';
import type { IGradingClaim } from './grading-queue.js';

/** Submissions, their grades, attempt rules and the per-learner overrides those rules read. */
export interface ISubmissionStore {
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
  submitAndGrade(input: IReserveInput, decide: (state: IAttemptState) => AttemptDecision, grade: SubmitGrader): Promise<ReserveOutcome>;
  failGrading(submissionId: string, error: string, now: number): Promise<void>;
  getSubmission(id: string): Promise<ISubmissionRecord | undefined>;
  listSubmissions(filter: { user?: string; course?: string; assessment?: string }): Promise<ISubmissionRecord[]>;
  pendingSubmissions(): Promise<ISubmissionRecord[]>;
  attemptsUsed(user: string, course: string, assessment: string): Promise<number>;
  /** Best graded score per assessment of one learner in one course. */
  bestScores(user: string, course: string): Promise<Map<string, number>>;

  setOverride(row: IOverrideRow): Promise<void>;
  getOverride(user: string, course: string, assessment: string): Promise<IOverrideRow | undefined>;
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

/** submitAndGrade's grader: the grade of a submission about to be written, synchronously. */
export type SubmitGrader = (submission: ISubmissionRecord) => Omit<ICompleteGrading, 'submissionId' | 'user' | 'course' | 'assessment'>;

export type ReserveOutcome =
  | {
      kind: 'created';
      submission: ISubmissionRecord;
      lessonCompleted?: boolean;
      /**
       * From submitAndGrade: whether its score beats every earlier graded attempt of the learner
       * on this assessment (only then can it earn a certificate the earlier ones did not).
       */
      newBest?: boolean;
    }
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
