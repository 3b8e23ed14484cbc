import { z } from 'zod';

/** GET api/health — public, answers without a session so probes and the hub can use it. */
export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  service: z.string(),
  version: z.string(),
  hub: z.enum(['reachable', 'unreachable']),
  courses: z.number().int().nonnegative()
});
export type Health = z.infer<typeof Health>;
