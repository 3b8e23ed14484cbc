import { z } from 'zod';
import { SubmissionResult } from './assessment.js';
import { Slug } from './catalog.js';
import { BadgeSummary, CertificateSummary } from './certificates.js';

/** When the server sent the event (epoch ms): lets clients order events and measure delay. */
const Sent = { at: z.number().int() };

/** Messages the server pushes on the WebSocket at api/events to every open tab of the user. */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ ...Sent, type: z.literal('hello'), user: z.string() }),
  z.object({ ...Sent, type: z.literal('submission.graded'), submission: SubmissionResult }),
  z.object({ ...Sent, type: z.literal('progress.updated'), courseId: Slug, lessonId: Slug, state: z.enum(['in_progress', 'completed']) }),
  z.object({ ...Sent, type: z.literal('certificate.issued'), certificate: CertificateSummary }),
  z.object({ ...Sent, type: z.literal('certificate.revoked'), certificate: CertificateSummary }),
  /** A module badge was issued (a badge's revocation arrives as certificate.revoked: they share the certificate routes). */
  z.object({ ...Sent, type: z.literal('badge.issued'), badge: BadgeSummary }),
  /** An instructor changed this learner's attempts, deadline or excused items on an assessment. */
  z.object({
    ...Sent,
    type: z.literal('override.changed'),
    courseId: Slug,
    assessmentId: Slug,
    attemptsLeft: z.number().int().nonnegative().nullable(),
    deadline: z.iso.datetime().nullable(),
    excusedItems: z.array(Slug)
  }),
  /** To instructors and admins only: a learner did something (the workspace refreshes what shows it). */
  z.object({
    ...Sent,
    type: z.literal('course.activity'),
    courseId: Slug,
    user: z.string(),
    kind: z.enum(['opened', 'graded', 'submitted-for-review', 'reviewed', 'override', 'regraded', 'certificate']),
    lessonId: Slug.nullable(),
    assessmentId: Slug.nullable()
  }),
  /** To instructors and admins only: a project was claimed, released or graded by a colleague. */
  z.object({ ...Sent, type: z.literal('review.changed'), courseId: Slug, assessmentId: Slug, submissionId: z.string() }),
  /**
   * To the sockets that watch this lesson's discussion (discussion.watch): something in a thread
   * changed. Ids only: the panel reads the thread again, through the routes that check access.
   * `access`: an instructor made an item's threads staff-only or opened them to all; threadId is
   * then `<assessment>/<item>`, no thread's id (which of them exist is not everyone's to know).
   */
  z.object({
    ...Sent,
    type: z.literal('discussion.changed'),
    courseId: Slug,
    lessonId: Slug,
    threadId: z.string(),
    postId: z.string().nullable(),
    change: z.enum(['thread', 'post', 'edit', 'delete', 'vote', 'state', 'endorse', 'hide', 'access'])
  }),
  /** To one user: a reply in their thread, a mention of them, or their answer endorsed. */
  z.object({
    ...Sent,
    type: z.literal('discussion.notify'),
    courseId: Slug,
    lessonId: Slug,
    threadId: z.string(),
    postId: z.string(),
    kind: z.enum(['reply', 'mention', 'endorsed']),
    /** Who did it, as the recipient may see them ("Anonymous learner" for an anonymous post). */
    from: z.string(),
    title: z.string()
  }),
  /** To instructors and admins only: a post was reported (the moderation queue refreshes). */
  z.object({ ...Sent, type: z.literal('discussion.reported'), courseId: Slug, reportId: z.string(), threadId: z.string() })
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
