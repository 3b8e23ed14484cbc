import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Discussion tables (SQLite; schema-discussion-pg.ts is the PostgreSQL twin with the same
 * tables and columns). Authors are hub user names; threads are found by course and lesson.
 */

export const discussionThreads = sqliteTable(
  'discussion_threads',
  {
    id: text('id').primaryKey(),
    course: text('course').notNull(),
    lesson: text('lesson').notNull(),
    assessment: text('assessment'),
    item: text('item'),
    title: text('title').notNull(),
    author: text('author').notNull(),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull(),
    lastActivityAt: integer('last_activity_at').notNull(),
    resolved: integer('resolved', { mode: 'boolean' }).notNull().default(false),
    locked: integer('locked', { mode: 'boolean' }).notNull().default(false)
  },
  (t) => [index('discussion_threads_lesson').on(t.course, t.lesson, t.lastActivityAt)]
);

export const discussionPosts = sqliteTable(
  'discussion_posts',
  {
    id: text('id').primaryKey(),
    threadId: text('thread_id')
      .notNull()
      .references(() => discussionThreads.id),
    isQuestion: integer('is_question', { mode: 'boolean' }).notNull(),
    author: text('author').notNull(),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
    body: text('body').notNull(),
    mentions: text('mentions', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
    deletedAt: integer('deleted_at'),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    hiddenReason: text('hidden_reason').notNull().default(''),
    endorsed: integer('endorsed', { mode: 'boolean' }).notNull().default(false),
    votes: integer('votes').notNull().default(0)
  },
  (t) => [index('discussion_posts_thread').on(t.threadId, t.createdAt), index('discussion_posts_author').on(t.author, t.createdAt)]
);

/** One upvote per post and voter; `discussion_posts.votes` is kept equal to the count in the same transaction. */
export const discussionVotes = sqliteTable(
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
export const discussionReads = sqliteTable(
  'discussion_reads',
  {
    threadId: text('thread_id')
      .notNull()
      .references(() => discussionThreads.id),
    user: text('user').notNull(),
    readAt: integer('read_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.threadId, t.user] })]
);

export const discussionReports = sqliteTable(
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
    at: integer('at').notNull(),
    state: text('state', { enum: ['open', 'dismissed', 'actioned'] }).notNull(),
    resolvedBy: text('resolved_by'),
    resolvedAt: integer('resolved_at')
  },
  (t) => [uniqueIndex('discussion_reports_once').on(t.postId, t.reporter), index('discussion_reports_course').on(t.course, t.state, t.at)]
);

/** Instructors' per-item switch: threads on the item stay staff-only until its deadline. */
export const discussionItemSettings = sqliteTable(
  'discussion_item_settings',
  {
    course: text('course').notNull(),
    assessment: text('assessment').notNull(),
    item: text('item').notNull(),
    staffOnlyUntilDeadline: integer('staff_only_until_deadline', { mode: 'boolean' }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: integer('updated_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.course, t.assessment, t.item] })]
);

/** Every moderation action of a course, for the instructors' log (the audit log has it too). */
export const discussionModeration = sqliteTable(
  'discussion_moderation',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    course: text('course').notNull(),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    threadId: text('thread_id').notNull(),
    postId: text('post_id'),
    note: text('note').notNull()
  },
  (t) => [index('discussion_moderation_course').on(t.course, t.at)]
);
