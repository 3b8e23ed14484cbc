import type { IPostingCounts, IPostingQuota, QuotaKind } from '../store/aggregates/discussion.js';
import type { IActor, IServiceContext } from '../services/context.js';
import { ServiceError } from '../services/errors.js';

const HOUR_MS = 3_600_000;
const NAMES: Record<QuotaKind, string> = { threads: 'new threads', posts: 'posts', reports: 'reports' };

/**
 * Per-user limits in one course per rolling hour: new threads, posts of any kind, reports. The
 * store counts them from what the database holds (every replica sees the same count) in the
 * transaction that writes, so posts arriving together cannot all pass one count. Staff are not
 * limited: they answer a whole cohort the night before a deadline.
 */
export function postingQuota(ctx: IServiceContext, actor: IActor): IPostingQuota | undefined {
  if (actor.roles.includes('instructor') || actor.roles.includes('admin')) return undefined;
  return { since: ctx.now() - HOUR_MS, max: maxPerHour(ctx) };
}

function maxPerHour(ctx: IServiceContext): IPostingCounts {
  const limits = ctx.config.discussionLimits;
  return { threads: limits.threadsPerHour, posts: limits.postsPerHour, reports: limits.reportsPerHour };
}

/** What the learner reads when a write would pass one of their limits. */
export function overLimit(ctx: IServiceContext, kind: QuotaKind): ServiceError {
  const max = maxPerHour(ctx)[kind];
  return new ServiceError('rate_limited', 'Too many posts', `You can make at most ${max} ${NAMES[kind]} per hour in this course. Please wait a few minutes and try again.`, 300);
}
