import type { ClaimOutcome, IReviewRow } from './instructor-types.js';

/**
 * The claim rule of the grading queue, the same on every backend: a claim holds others off until
 * it expires; the holder may always act on it.
 */
export const heldByOther = (row: IReviewRow, grader: string, now: number): boolean =>
  row.claimedBy !== null && row.claimedBy !== grader && (row.claimExpiresAt ?? 0) > now;

/** The refusal a grader gets while someone else holds the row. */
export const heldOutcome = (row: IReviewRow, now: number): ClaimOutcome => ({ kind: 'held', row, by: row.claimedBy ?? '', until: row.claimExpiresAt ?? now });
