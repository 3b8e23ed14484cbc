import { z } from 'zod';
import { SubmissionResult } from './assessment.js';
import { Slug } from './catalog.js';
import { CertificateSummary } from './certificates.js';

/** When the server sent the event (epoch ms): lets clients order events and measure delay. */
const Sent = { at: z.number().int() };

/** Messages the server pushes on the WebSocket at api/events to every open tab of the user. */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ ...Sent, type: z.literal('hello'), user: z.string() }),
  z.object({ ...Sent, type: z.literal('submission.graded'), submission: SubmissionResult }),
  z.object({ ...Sent, type: z.literal('progress.updated'), courseId: Slug, lessonId: Slug, state: z.enum(['in_progress', 'completed']) }),
  z.object({ ...Sent, type: z.literal('certificate.issued'), certificate: CertificateSummary })
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
