import { z } from 'zod';
import { SubmissionResult } from './assessment.js';
import { Slug } from './catalog.js';

/** Messages the server pushes on the WebSocket at api/events to every open tab of the user. */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), user: z.string() }),
  z.object({ type: z.literal('submission.graded'), submission: SubmissionResult }),
  z.object({ type: z.literal('progress.updated'), courseId: Slug, lessonId: Slug, state: z.enum(['in_progress', 'completed']) })
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
