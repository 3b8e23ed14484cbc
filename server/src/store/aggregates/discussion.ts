/**
 * Discussion threads and posts per lesson and assessment item, votes, read marks, reports and
 * the moderation log. Access rules (who may read a staff-only thread, who may hide) live in the
 * services; the store keeps rows. Every method that changes more than one row, or records a
 * moderation action, does so in one transaction. Times are epoch ms.
 */
export interface IDiscussionStore {
  /**
   * A new thread and its question (the first post) together. With a quota, the author's
   * threads and posts are counted in the same transaction: the limit it would pass comes back
   * and nothing is written. null: written.
   */
  createThread(thread: INewThreadRow, question: INewPostRow, quota?: IPostingQuota): Promise<QuotaKind | null>;
  /** A reply; moves the thread's last activity to the post's time. Quota as for createThread. */
  addPost(post: INewPostRow, quota?: IPostingQuota): Promise<QuotaKind | null>;
  thread(id: string): Promise<IThreadRow | null>;
  /** A course's threads (optionally of one lesson, or one item), with their tallies, newest activity first. */
  threads(course: string, filter: IThreadFilter): Promise<IThreadRow[]>;
  post(id: string): Promise<IPostRow | null>;
  /** A thread's posts, oldest first, with their vote counts. */
  posts(threadId: string): Promise<IPostRow[]>;
  editPost(id: string, body: string, mentions: string[], at: number): Promise<void>;
  /** The author's delete: the body is dropped, the row stays (replies keep their place). */
  deletePost(id: string, at: number): Promise<void>;
  /** Idempotent: voting twice counts once. */
  setVote(postId: string, user: string, up: boolean): Promise<void>;
  /** The posts of a thread that `user` upvoted. */
  votedBy(threadId: string, user: string): Promise<Set<string>>;
  setThreadState(id: string, change: { resolved?: boolean; locked?: boolean }, at: number, moderation: IModerationRow | null): Promise<void>;
  setEndorsed(postId: string, endorsed: boolean, moderation: IModerationRow): Promise<void>;
  setHidden(postId: string, hidden: boolean, reason: string, moderation: IModerationRow): Promise<void>;
  /** The user has seen everything in the thread up to `at`. */
  markRead(threadId: string, user: string, at: number): Promise<void>;
  /** Per thread of the course: posts by others after the user's read mark (threads never opened count every post). */
  unread(course: string, user: string): Promise<Map<string, number>>;
  /** `already` when this user reported this post before (one report per post and reporter); `limited` when the quota's reports are used up (checked first, in the same transaction). */
  report(row: INewReportRow, quota?: IPostingQuota): Promise<'reported' | 'already' | 'limited'>;
  reportById(id: string): Promise<IReportRow | null>;
  /** A course's reports, open ones first, then newest first. */
  reports(course: string, limit: number): Promise<IReportRow[]>;
  /** Closes every open report of the report's post (dismissed or actioned) with one moderation entry. */
  resolveReports(postId: string, state: 'dismissed' | 'actioned', by: string, at: number, moderation: IModerationRow): Promise<void>;
  itemSettings(course: string): Promise<IItemDiscussionSettingRow[]>;
  /** Writes the setting and logs the moderation action; false, writing and logging nothing, when the item already had it (no row: open to all). */
  setItemSetting(row: IItemDiscussionSettingRow, moderation: IModerationRow): Promise<boolean>;
  /** The course's moderation actions, newest first. */
  moderationLog(course: string, limit: number): Promise<IModerationRow[]>;
  /** Threads, posts (questions and replies) and reports `user` made in the course since `since`: the per-user rate limits count these. */
  postsSince(course: string, user: string, since: number): Promise<IPostingCounts>;
  /** Which of these users the hub last reported as instructors or admins (their posts carry a staff mark). */
  staffAmong(users: readonly string[]): Promise<Set<string>>;
  /** Which of these users are enrolled in the course (one indexed lookup: mentions must not read the roster). */
  membersAmong(course: string, users: readonly string[]): Promise<Set<string>>;
}

export interface IThreadFilter {
  lesson?: string;
  assessment?: string;
  item?: string;
}

export interface INewThreadRow {
  id: string;
  course: string;
  lesson: string;
  assessment: string | null;
  item: string | null;
  title: string;
  author: string;
  anonymous: boolean;
  createdAt: number;
}

export interface IThreadRow extends INewThreadRow {
  lastActivityAt: number;
  resolved: boolean;
  locked: boolean;
  /** Replies neither deleted nor hidden (the question not counted). */
  replies: number;
  /** Upvotes on the question. */
  votes: number;
  /** Some reply in it is endorsed. */
  endorsed: boolean;
}

export interface INewPostRow {
  id: string;
  threadId: string;
  author: string;
  anonymous: boolean;
  body: string;
  mentions: string[];
  createdAt: number;
}

export interface IPostRow extends INewPostRow {
  isQuestion: boolean;
  editedAt: number | null;
  deletedAt: number | null;
  hidden: boolean;
  hiddenReason: string;
  endorsed: boolean;
  votes: number;
}

/** What a user made in a course in a window: new threads, posts of any kind (a question too), reports. */
export interface IPostingCounts {
  threads: number;
  posts: number;
  reports: number;
}

export type QuotaKind = keyof IPostingCounts;

/**
 * A learner's hourly posting limits, for the write to check in its own transaction: counted
 * first and written after, posts arriving together all passed one count (with PostgreSQL,
 * where every await is a round trip, 12 replies at once stored 12 against a limit of 6).
 */
export interface IPostingQuota {
  /** Only what was made after this time counts. */
  since: number;
  max: IPostingCounts;
}

export interface INewReportRow {
  id: string;
  course: string;
  threadId: string;
  postId: string;
  reporter: string;
  reason: string;
  at: number;
}

export interface IReportRow extends INewReportRow {
  state: 'open' | 'dismissed' | 'actioned';
  resolvedBy: string | null;
  resolvedAt: number | null;
}

export interface IItemDiscussionSettingRow {
  course: string;
  assessment: string;
  item: string;
  staffOnlyUntilDeadline: boolean;
  updatedBy: string;
  updatedAt: number;
}

export type ModerationActionName = 'hide' | 'unhide' | 'lock' | 'unlock' | 'endorse' | 'unendorse' | 'dismiss-report' | 'staff-only' | 'open-to-all' | 'resolve' | 'reopen';

/** One line of a course's moderation log (also written to the audit log, same transaction). */
export interface IModerationRow {
  course: string;
  at: number;
  actor: string;
  action: ModerationActionName;
  threadId: string;
  postId: string | null;
  note: string;
}
