import type { ISubmissionRecord } from '../rows.js';

/** Who grades a pending submission, and until when (epoch ms) nobody else may take it. */
export interface IGradingClaim {
  owner: string;
  until: number;
}

/**
 * The image-grading queue is the set of pending submissions in the database. A replica that
 * stores a submission claims it in the same transaction (IReserveInput.claim) and renews the
 * lease while it grades; every replica's sweeper claims what is unclaimed or whose lease
 * lapsed (a replica died mid-grading). completeGrading applies only to a pending submission,
 * so two replicas grading the same one (a lease that lapsed under a slow grader) still record
 * one grade.
 */
export interface IGradingQueueStore {
  /**
   * Claims up to `limit` pending submissions, oldest first, that no live lease holds at `now`
   * (PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent sweepers take disjoint rows).
   */
  claimPending(claim: IGradingClaim, now: number, limit: number): Promise<ISubmissionRecord[]>;
  /** Extends `owner`'s leases of the submissions still pending and still theirs. */
  renewClaims(claim: IGradingClaim, ids: readonly string[]): Promise<void>;
  /** Submissions waiting to be graded, claimed or not (the queue depth). */
  pendingCount(): Promise<number>;
}
