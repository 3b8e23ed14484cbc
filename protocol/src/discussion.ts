import { z } from 'zod';
import { Slug } from './catalog.js';

/**
 * Discussion per lesson and per assessment item (issue 16). Threads hang off a lesson; a
 * thread about an item also names the assessment and item. Bodies are Markdown the client
 * renders with JupyterLab's sanitising renderer (no script, no remote images); the server
 * stores them as written and never renders them.

 */

/** A post body: Markdown with code, at most 20,000 characters (a long traceback fits). */
export const PostBody = z.string().trim().min(1, 'write something').max(20_000, 'at most 20,000 characters');
export const ThreadTitle = z.string().trim().min(3, 'at least 3 characters').max(140, 'at most 140 characters');

/** Where a thread is: a lesson, and optionally one item of that lesson's assessment. */
export const DiscussionPlace = z
  .object({
    lessonId: Slug,
    /** Null or absent: the lesson as a whole. */
    assessmentId: Slug.nullable().default(null),
    itemId: Slug.nullable().default(null)
  })
  .strict()
  .refine((p) => (p.assessmentId === null) === (p.itemId === null), 'name both the assessment and the item, or neither');
export type DiscussionPlace = z.infer<typeof DiscussionPlace>;

/**
 * Who wrote a post, as the reader may see it. Posting anonymously hides the name from peers;
 * staff (instructors, admins) still see `user` and `name`. `you` marks the reader's own posts.
 */
export const DiscussionAuthor = z.object({
  /** What peers see: the hub name (or display name), or "Anonymous learner". */
  label: z.string(),
  /** The hub user name; null when the reader may not know who wrote it. */
  user: z.string().nullable(),
  anonymous: z.boolean(),
  staff: z.boolean(),
  you: z.boolean()
});
export type DiscussionAuthor = z.infer<typeof DiscussionAuthor>;

export const DiscussionPost = z.object({
  id: z.string(),
  threadId: z.string(),
  /** The question itself is the first post of its thread. */
  isQuestion: z.boolean(),
  /** Empty when deleted by its author, or hidden by staff (staff still read a hidden body). */
  body: z.string(),
  author: DiscussionAuthor,
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable(),
  deleted: z.boolean(),
  hidden: z.boolean(),
  /** Staff only: why it was hidden (null for learners). */
  hiddenReason: z.string().nullable(),
  votes: z.number().int().nonnegative(),
  /** The reader upvoted it. */
  voted: z.boolean(),
  /** An instructor endorsed this answer. */
  endorsed: z.boolean(),
  /** Hub user names mentioned with @name (who exists in the course). */
  mentions: z.array(z.string())
});
export type DiscussionPost = z.infer<typeof DiscussionPost>;

export const DiscussionThreadSummary = z.object({
  id: z.string(),
  courseId: Slug,
  lessonId: Slug,
  assessmentId: Slug.nullable(),
  itemId: Slug.nullable(),
  title: z.string(),
  author: DiscussionAuthor,
  createdAt: z.iso.datetime(),
  lastActivityAt: z.iso.datetime(),
  /** Visible replies (the question not counted). */
  replies: z.number().int().nonnegative(),
  votes: z.number().int().nonnegative(),
  resolved: z.boolean(),
  locked: z.boolean(),
  /** An answer in it is endorsed by an instructor. */
  endorsed: z.boolean(),
  /** Only staff and its author can read it now (an item thread before the item's deadline). */
  staffOnly: z.boolean(),
  /** Posts the reader has not seen yet (opening the thread marks them read). */
  unread: z.number().int().nonnegative()
});
export type DiscussionThreadSummary = z.infer<typeof DiscussionThreadSummary>;

/** GET api/discussions/:thread */
export const DiscussionThread = DiscussionThreadSummary.extend({ posts: z.array(DiscussionPost) });
export type DiscussionThread = z.infer<typeof DiscussionThread>;

/** GET api/courses/:course/discussions?lesson=&assessment=&item= — newest activity first. */
export const DiscussionThreadList = z.object({
  courseId: Slug,
  threads: z.array(DiscussionThreadSummary),
  /** Staff, listing one item's threads: whether the item is switched to staff-only until its deadline (absent otherwise). */
  staffOnlyUntilDeadline: z.boolean().optional()
});
export type DiscussionThreadList = z.infer<typeof DiscussionThreadList>;

/** GET api/courses/:course/discussions/counts — for the sidebar's lesson rows. */
export const DiscussionCounts = z.object({
  courseId: Slug,
  lessons: z.record(z.string(), z.object({ threads: z.number().int().nonnegative(), unresolved: z.number().int().nonnegative(), unread: z.number().int().nonnegative() }))
});
export type DiscussionCounts = z.infer<typeof DiscussionCounts>;

/** POST api/courses/:course/discussions — ask a question (answers 201 with the DiscussionThread). */
export const NewThreadRequest = z
  .object({ place: DiscussionPlace, title: ThreadTitle, body: PostBody, anonymous: z.boolean().default(false) })
  .strict();
export type NewThreadRequest = z.infer<typeof NewThreadRequest>;

/** POST api/discussions/:thread/posts — reply (answers 201 with the DiscussionPost). */
export const NewPostRequest = z.object({ body: PostBody, anonymous: z.boolean().default(false) }).strict();
export type NewPostRequest = z.infer<typeof NewPostRequest>;

/** PUT api/discussion-posts/:post — the author edits their own post (DELETE, same path, deletes it). */
export const EditPostRequest = z.object({ body: PostBody }).strict();
export type EditPostRequest = z.infer<typeof EditPostRequest>;

/**
 * PUT api/discussions/:thread/state — `resolved` by the asker or staff; `locked` by staff only (a
 * locked thread takes no new posts, edits or votes).
 */
export const ThreadStateRequest = z
  .object({ resolved: z.boolean().optional(), locked: z.boolean().optional() })
  .strict()
  .refine((r) => r.resolved !== undefined || r.locked !== undefined, 'say resolved, locked or both');
export type ThreadStateRequest = z.infer<typeof ThreadStateRequest>;

/** PUT api/discussion-posts/:post/vote — upvote or take it back (not one's own post). */
export const VoteRequest = z.object({ up: z.boolean() }).strict();
/** PUT api/discussion-posts/:post/endorsement — instructors endorse an answer (or take it back). */
export const EndorseRequest = z.object({ endorsed: z.boolean() }).strict();
/** PUT api/discussion-posts/:post/hidden — instructors hide a post from learners (or show it again). */
export const HidePostRequest = z.object({ hidden: z.boolean(), reason: z.string().trim().max(500).default('') }).strict();
/** POST api/discussion-posts/:post/reports — anyone who can read a post reports it once (answers { reported }). */
export const ReportPostRequest = z.object({ reason: z.string().trim().min(3, 'say what is wrong (3 characters or more)').max(1000) }).strict();
/** PUT api/courses/:course/assessments/:assessment/items/:item/discussion — instructors. */
export const ItemDiscussionSettings = z.object({ staffOnlyUntilDeadline: z.boolean() }).strict();
export type ItemDiscussionSettings = z.infer<typeof ItemDiscussionSettings>;

/** POST api/discussion-reports/:report/resolution — instructors close a report (answers the ModerationQueue). */
export const ResolveReportRequest = z.object({ action: z.enum(['dismiss', 'hide']), note: z.string().trim().max(500).default('') }).strict();
export type ResolveReportRequest = z.infer<typeof ResolveReportRequest>;

export const ModerationAction = z.enum(['hide', 'unhide', 'lock', 'unlock', 'endorse', 'unendorse', 'dismiss-report', 'staff-only', 'open-to-all', 'resolve', 'reopen']);

/** GET api/courses/:course/moderation — the instructors' queue (open reports first) and the audit of every moderation action. */
export const ModerationQueue = z.object({
  courseId: Slug,
  reports: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['open', 'dismissed', 'actioned']),
      post: DiscussionPost,
      thread: z.object({ id: z.string(), title: z.string(), lessonId: Slug, assessmentId: Slug.nullable(), itemId: Slug.nullable() }),
      reporter: z.string(),
      reason: z.string(),
      reportedAt: z.iso.datetime(),
      resolvedBy: z.string().nullable(),
      resolvedAt: z.iso.datetime().nullable()
    })
  ),
  actions: z.array(z.object({ at: z.iso.datetime(), actor: z.string(), action: ModerationAction, threadId: z.string(), postId: z.string().nullable(), note: z.string() }))
});
export type ModerationQueue = z.infer<typeof ModerationQueue>;

/**
 * Sent by the client on the api/events socket: follow one lesson's discussion (the panel that
 * shows it), or stop. A socket follows at most a few lessons; the server checks enrolment.
 */
export const LiveClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('discussion.watch'), courseId: Slug, lessonId: Slug }).strict(),
  z.object({ type: z.literal('discussion.unwatch'), courseId: Slug, lessonId: Slug }).strict()
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessage>;
