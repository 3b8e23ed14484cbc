import { z } from 'zod';

/** Machine-readable error codes; clients branch on these, never on message text. */
export const ErrorCode = z.enum([
  'unauthenticated',
  'forbidden',
  'not_found',
  'bad_request',
  'hub_unavailable',
  'csrf_rejected',
  'rate_limited',
  'payload_too_large',
  'invalid_image',
  'attempts_exhausted',
  'deadline_passed',
  /** Someone else holds it (a project another grader is grading) or it changed meanwhile. */
  'conflict',
  /** The request body's media type or encoding is not one this route reads (415). */
  'unsupported_media_type',
  /** The input is well-formed but too costly to process (time or memory cap) (422). */
  'too_complex',
  /** The server's work queue is full or recovering; retry after the Retry-After header (503). */
  'overloaded',
  'internal'
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** RFC 9457 problem details, the body of every error response. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: ErrorCode,
  detail: z.string().optional()
});
export type Problem = z.infer<typeof Problem>;
