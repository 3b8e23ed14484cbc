import { z } from 'zod';

/**
 * Roles come from the hub: every authenticated user is a learner, members of the
 * instructors group are instructors, and hub admins are admins.
 */
export const Role = z.enum(['learner', 'instructor', 'admin']);
export type Role = z.infer<typeof Role>;

/** GET api/me — who the course server believes the browser is. */
export const Me = z.object({
  name: z.string().min(1),
  roles: z.array(Role).min(1)
});
export type Me = z.infer<typeof Me>;
