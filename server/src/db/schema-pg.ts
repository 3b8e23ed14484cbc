import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The PostgreSQL twin of schema.ts: same tables, columns and indexes, so both stores return the
 * same row shapes. Epoch-ms times are `bigint` read as numbers (they fit a double for the next
 * 285,000 years); JSON is `jsonb`; SQLite's 0/1 booleans are real booleans here.
 * Change both files together and run drizzle-kit for both (see drizzle-pg.config.ts).
 */

const ms = (name: string) => bigint(name, { mode: 'number' });

export const users = pgTable('users', {
  name: text('name').primaryKey(),
  roles: jsonb('roles').$type<string[]>().notNull(),
  firstSeen: ms('first_seen').notNull(),
  lastSeen: ms('last_seen').notNull()
});

export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    user: text('user').notNull().references(() => users.name),
    roles: jsonb('roles').$type<string[]>().notNull(),
    hubToken: text('hub_token').notNull(),
    checkedAt: ms('checked_at').notNull(),
    expiresAt: ms('expires_at').notNull()
  },
  (t) => [index('sessions_expires').on(t.expiresAt)]
);

export const enrollments = pgTable(
  'enrollments',
  {
    user: text('user').notNull().references(() => users.name),
    course: text('course').notNull(),
    enrolledAt: ms('enrolled_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.user, t.course] })]
);

export const lessonProgress = pgTable(
  'lesson_progress',
  {
    user: text('user').notNull().references(() => users.name),
    course: text('course').notNull(),
    lesson: text('lesson').notNull(),
    status: text('status', { enum: ['in_progress', 'completed'] }).notNull(),
    updatedAt: ms('updated_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.user, t.course, t.lesson] })]
);

export const progressEvents = pgTable(
  'progress_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    user: text('user').notNull().references(() => users.name),
    course: text('course').notNull(),
    lesson: text('lesson').notNull(),
    kind: text('kind', { enum: ['opened', 'assessment_passed'] }).notNull(),
    at: ms('at').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>()
  },
  (t) => [index('progress_events_user').on(t.user, t.course)]
);

export const submissions = pgTable(
  'submissions',
  {
    id: text('id').primaryKey(),
    user: text('user').notNull().references(() => users.name),
    course: text('course').notNull(),
    assessment: text('assessment').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status', { enum: ['pending', 'graded', 'error', 'review'] }).notNull(),
    idempotencyKey: text('idempotency_key'),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    submittedAt: ms('submitted_at').notNull(),
    gradedAt: ms('graded_at'),
    late: boolean('late').notNull(),
    lateFactor: doublePrecision('late_factor').notNull().default(1),
    score: doublePrecision('score'),
    passed: boolean('passed'),
    error: text('error'),
    /** Grading queue: the replica grading this pending submission, until `claim_until` (epoch ms). */
    claimedBy: text('claimed_by'),
    claimUntil: ms('claim_until')
  },
  (t) => [
    // The unique attempt index is the last line of defence against a double-counted attempt.
    uniqueIndex('submissions_attempt').on(t.user, t.course, t.assessment, t.attempt),
    uniqueIndex('submissions_idempotency').on(t.user, t.idempotencyKey),
    index('submissions_pending').on(t.status).where(sql`${t.status} = 'pending'`),
    index('submissions_assessment').on(t.course, t.assessment),
    // A learner's best graded score per assessment in two index seeks per assessment (see schema.ts).
    index('submissions_best').on(t.user, t.course, t.assessment, t.score).where(sql`${t.status} = 'graded'`)
  ]
);

export const itemGrades = pgTable(
  'item_grades',
  {
    submissionId: text('submission_id').notNull().references(() => submissions.id),
    itemId: text('item_id').notNull(),
    score: doublePrecision('score').notNull(),
    points: doublePrecision('points').notNull(),
    maxPoints: doublePrecision('max_points').notNull(),
    feedback: text('feedback').notNull(),
    measurements: jsonb('measurements').$type<Record<string, number>>()
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.itemId] })]
);

export const overrides = pgTable(
  'overrides',
  {
    user: text('user').notNull(),
    course: text('course').notNull(),
    assessment: text('assessment').notNull(),
    extraAttempts: integer('extra_attempts').notNull().default(0),
    deadline: ms('deadline'),
    excusedItems: jsonb('excused_items').$type<string[]>(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: ms('granted_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.user, t.course, t.assessment] })]
);

export const uploads = pgTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    user: text('user').notNull().references(() => users.name),
    createdAt: ms('created_at').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    file: text('file').notNull(),
    geometry: jsonb('geometry').$type<Record<string, unknown>>().notNull(),
    referencedAt: ms('referenced_at')
  },
  (t) => [index('uploads_unreferenced').on(t.user, t.createdAt).where(sql`${t.referencedAt} is null`)]
);

/** Named counters (the next Bitstring Status List index); `update … returning` row-locks them. */
export const counters = pgTable('counters', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull()
});

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: ms('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>()
});

export const certificates = pgTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    user: text('user').notNull().references(() => users.name),
    course: text('course').notNull(),
    track: text('track').notNull(),
    title: text('title').notNull(),
    credential: jsonb('credential').$type<Record<string, unknown>>().notNull(),
    jwt: text('jwt').notNull(),
    issuedAt: ms('issued_at').notNull(),
    revokedAt: ms('revoked_at'),
    revokedBy: text('revoked_by'),
    revokedReason: text('revoked_reason'),
    statusIndex: integer('status_index')
  },
  (t) => [
    uniqueIndex('certificates_once').on(t.user, t.course, t.track),
    index('certificates_user').on(t.user),
    uniqueIndex('certificates_status_index').on(t.statusIndex)
  ]
);

export const projectUploads = pgTable('project_uploads', {
  id: text('id').primaryKey(),
  user: text('user').notNull().references(() => users.name),
  createdAt: ms('created_at').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  file: text('file').notNull(),
  manifest: jsonb('manifest').$type<{ notebookPath: string; cells: number; files: { path: string; bytes: number }[] }>().notNull()
});

export const projectReviews = pgTable(
  'project_reviews',
  {
    submissionId: text('submission_id').primaryKey().references(() => submissions.id),
    user: text('user').notNull(),
    course: text('course').notNull(),
    assessment: text('assessment').notNull(),
    itemId: text('item_id').notNull(),
    status: text('status', { enum: ['open', 'graded', 'superseded'] }).notNull(),
    createdAt: ms('created_at').notNull(),
    claimedBy: text('claimed_by'),
    claimExpiresAt: ms('claim_expires_at'),
    grade: jsonb('grade').$type<Record<string, unknown>>(),
    gradedBy: text('graded_by'),
    gradedAt: ms('graded_at')
  },
  (t) => [index('project_reviews_queue').on(t.course, t.assessment, t.createdAt), index('project_reviews_learner').on(t.user, t.course, t.assessment)]
);

/** See schema.ts: leaderboard members under pseudonyms, unique per course case-insensitively. */
export const leaderboardEntries = pgTable(
  'leaderboard_entries',
  {
    user: text('user').notNull().references(() => users.name),
    course: text('course').notNull(),
    pseudonym: text('pseudonym').notNull(),
    pseudonymKey: text('pseudonym_key').notNull(),
    joinedAt: ms('joined_at').notNull()
  },
  (t) => [primaryKey({ columns: [t.user, t.course] }), uniqueIndex('leaderboard_pseudonym').on(t.course, t.pseudonymKey)]
);

/** See schema.ts. */
export const courseSettings = pgTable('course_settings', {
  course: text('course').primaryKey(),
  leaderboardDisabled: boolean('leaderboard_disabled').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ms('updated_at').notNull()
});

/** See schema.ts: the discussion tables. */
export * from './schema-discussion-pg.js';
