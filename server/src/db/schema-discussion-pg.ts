import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

const ms = (name: string) => bigint(name, { mode: 'number' });

/** The PostgreSQL twin of schema-discussion.ts: same tables, columns and indexes. */

export const discussionThreads = pgTable(
  'discussion_threads',
  {
    id: text('id').primaryKey(),
    course: text('course').notNull(),
    lesson: text('lesson').notNull(),
    assessment: text('assessment'),
    item: text('item'),
    title: text('title').notNull(),
    author: text('author').notNull(),
    anonymous: boolean('anonymous').notNull(),
    createdAt: ms('created_at').notNull(),
    lastActivityAt: ms('last_activity_at').notNull(),
    resolved: boolean('resolved').notNull().default(false),
    locked: boolean('locked').notNull().default(false)
  },
  (t) => [index('discussion_threads_lesson').on(t.course, t.lesson, t.lastActivityAt)]
);

export const discussionPosts = pgTable(
  'discussion_posts',
  {
    id: text('id').primaryKey(),
    threadId: text('thread_id')
      .notNull()
      .references(() => discussionThreads.id),
    isQuestion: boolean('is_question').notNull(),
    author: text('author').notNull(),
    anonymous: boolean('anonymous').notNull(),
    body: text('body').notNull(),
    mentions: jsonb('mentions').$type<string[]>().notNull(),
    createdAt: ms('created_at').notNull(),
    editedAt: ms('edited_at'),
    deletedAt: ms('deleted_at'),
    hidden: boolean('hidden').notNull().default(false),
    hiddenReason: text('hidden_reason').notNull().default(''),
    endorsed: boolean('endorsed').notNull().default(false),
    votes: integer('votes').notNull().default(0)
  },
  (t) => [index('discussion_posts_thread').on(t.threadId, t.createdAt), index('discussion_posts_author').on(t.author, t.createdAt)]
);

/** One upvote per post and voter; `discussion_posts.votes` is kept equal to the count in the same transaction. */
export const discussionVotes = pgTable(
  'discussion_votes',
  {
    postId: text('post_id')
      .notNull()
      .references(() => discussionPosts.id),
    user: text('user').notNull()
  },
  (t) => [primaryKey({ columns: [t.postId, t.user] })]
);

/** Up to when a user has read a thread (posts by others after it are unread). */
export const discussionReads = pgTable(
  'discussion_reads',
  {
    threadId: text('thread_id')
      .notNull()
      .references(() => discussionThreads.id),
    user: text('user').notNull(),
    readAt: ms('read_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.threadId, t.user] })]
);

export const discussionReports = pgTable(
  'discussion_reports',
  {
    id: text('id').primaryKey(),
    course: text('course').notNull(),
    threadId: text('thread_id').notNull(),
    postId: text('post_id')
      .notNull()
      .references(() => discussionPosts.id),
    reporter: text('reporter').notNull(),
    reason: text('reason').notNull(),
    at: ms('at').notNull(),
    state: text('state', { enum: ['open', 'dismissed', 'actioned'] }).notNull(),
    resolvedBy: text('resolved_by'),
    resolvedAt: ms('resolved_at')
  },
  (t) => [uniqueIndex('discussion_reports_once').on(t.postId, t.reporter), index('discussion_reports_course').on(t.course, t.state, t.at)]
);

/** Instructors' per-item switch: threads on the item stay staff-only until its deadline. */
export const discussionItemSettings = pgTable(
  'discussion_item_settings',
  {
    course: text('course').notNull(),
    assessment: text('assessment').notNull(),
    item: text('item').notNull(),
    staffOnlyUntilDeadline: boolean('staff_only_until_deadline').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: ms('updated_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.course, t.assessment, t.item] })]
);

/** Every moderation action of a course, for the instructors' log (the audit log has it too). */
export const discussionModeration = pgTable(
  'discussion_moderation',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    course: text('course').notNull(),
    at: ms('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    threadId: text('thread_id').notNull(),
    postId: text('post_id'),
    note: text('note').notNull()
  },
  (t) => [index('discussion_moderation_course').on(t.course, t.at)]
);
