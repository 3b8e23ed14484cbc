import type { IAuditStore } from './aggregates/audit.js';
import type { ICertificateStore } from './aggregates/certificates.js';
import type { IProgressStore } from './aggregates/progress.js';
import type { ILeaderboardStore } from './aggregates/leaderboard.js';
import type { IDiscussionStore } from './aggregates/discussion.js';
import type { ISubmissionStore } from './aggregates/submissions.js';
import type { IUploadStore } from './aggregates/uploads.js';
import type { IUserSessionStore } from './aggregates/users-sessions.js';
import type { IGradingQueueStore } from './aggregates/grading-queue.js';
import type { ICohortStore, IReviewStore } from './instructor-types.js';

export type { IItemGradeRow, IProgressEvent, ISubmissionRecord } from './rows.js';
export type { IAuditRow } from './aggregates/audit.js';
export type { ICertificateRow } from './aggregates/certificates.js';
export type { IActivityRow, ILessonProgressRow, IRosterRow } from './aggregates/progress.js';
export type {
  AttemptDecision,
  IAttemptState,
  ICompleteGrading,
  ICompletion,
  IOverrideRow,
  IReserveInput,
  ReserveOutcome,
  SubmitGrader
} from './aggregates/submissions.js';
export type { IUploadQuota, IUploadRow } from './aggregates/uploads.js';
export type { ISessionRow } from './aggregates/users-sessions.js';

/**
 * What the services need from storage, with no SQL dialect in sight, composed of one interface
 * per aggregate (aggregates/*.ts). SqliteStore (the default, one file) and PgStore (DATABASE_URL)
 * implement it; open-store.ts picks one. Each method that writes several rows does so in one
 * transaction, audit entry included.
 */
export interface IStore extends IUserSessionStore, ISubmissionStore, IProgressStore, IUploadStore, ICertificateStore, IAuditStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Projects and their grading queue. */
  readonly reviews: IReviewStore;
  /** Cohort-wide reads and regrades for the instructor workspace. */
  readonly cohort: ICohortStore;
  /** Pending submissions as a queue replicas claim work from (image grading). */
  readonly gradingQueue: IGradingQueueStore;
  /** Course leaderboards: who joined under which pseudonym, and the instructors' switch. */
  readonly leaderboard: ILeaderboardStore;
  /** Discussion threads, posts, votes, read marks, reports and the moderation log. */
  readonly discussion: IDiscussionStore;
  /** Waits for pending writes, then releases the file or the connection pool. */
  close(): Promise<void>;
}
