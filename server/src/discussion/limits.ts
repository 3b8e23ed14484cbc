import type { IActor, IServiceContext } from '../services/context.js';
import { ServiceError } from '../services/errors.js';

const HOUR_MS = 3_600_000;

/**
 * Per-user limits in one course, counted from what the database holds (so every replica sees
 * the same count): new threads, posts of any kind, reports, each per rolling hour. Staff are
 * not limited: they answer a whole cohort the night before a deadline.
 */
export async function limitPosting(ctx: IServiceContext, actor: IActor, courseId: string, what: 'thread' | 'post' | 'report'): Promise<void> {
  if (actor.roles.includes('instructor') || actor.roles.includes('admin')) return;
  const limits = ctx.config.discussionLimits;
  const done = await ctx.store.discussion.postsSince(courseId, actor.user, ctx.now() - HOUR_MS);
  // A new thread is also a post: it counts against both limits.
  const checks: Record<typeof what, Array<[done: number, max: number, name: string]>> = {
    thread: [
      [done.threads, limits.threadsPerHour, 'new threads'],
      [done.posts, limits.postsPerHour, 'posts']
    ],
    post: [[done.posts, limits.postsPerHour, 'posts']],
    report: [[done.reports, limits.reportsPerHour, 'reports']]
  };
  const hit = checks[what].find(([n, max]) => n >= max);
  if (!hit) return;
  throw new ServiceError('rate_limited', 'Too many posts', `You can make at most ${hit[1]} ${hit[2]} per hour in this course. Please wait a few minutes and try again.`, 300);
}
