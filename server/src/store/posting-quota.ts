import type { IPostingCounts, IPostingQuota, QuotaKind } from './aggregates/discussion.js';

/** The limits a new thread, a reply and a report count against (a question is a post too). */
export const QUOTA_KINDS = { thread: ['threads', 'posts'], post: ['posts'], report: ['reports'] } as const satisfies Record<string, readonly QuotaKind[]>;

/** The first limit one more `kinds` would pass, given what was made since the quota's start; null within all of them (or with no quota: staff). */
export function overQuota(done: IPostingCounts, quota: IPostingQuota | undefined, kinds: readonly QuotaKind[]): QuotaKind | null {
  if (!quota) return null;
  return kinds.find((kind) => done[kind] >= quota.max[kind]) ?? null;
}
