import { and, asc, count, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { submissions } from '../../db/schema-pg.js';
import type { IGradingClaim, IGradingQueueStore } from '../aggregates/grading-queue.js';
import type { ISubmissionRecord } from '../rows.js';
import { toRecord } from './pg-submissions.js';

/**
 * The grading queue on PostgreSQL: the classic SKIP LOCKED work queue. The sweeper's UPDATE
 * picks its rows with `FOR UPDATE SKIP LOCKED`, so replicas sweeping at the same moment take
 * disjoint rows instead of waiting on each other's locks, and a row is claimed by exactly one.
 * The partial index `submissions_pending` keeps the pick cheap however many graded rows exist.
 */
export class PgGradingQueue implements IGradingQueueStore {
  constructor(private readonly db: PgDb) {}

  async claimPending(claim: IGradingClaim, now: number, limit: number): Promise<ISubmissionRecord[]> {
    const free = this.db
      .select({ id: submissions.id })
      .from(submissions)
      .where(and(eq(submissions.status, 'pending'), or(isNull(submissions.claimUntil), lt(submissions.claimUntil, now))))
      .orderBy(asc(submissions.submittedAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.db
      .update(submissions)
      .set({ claimedBy: claim.owner, claimUntil: claim.until })
      .where(and(inArray(submissions.id, free), eq(submissions.status, 'pending')))
      .returning();
    // Pending rows have no item grades yet.
    return rows.sort((a, b) => a.submittedAt - b.submittedAt).map((r) => toRecord(r, []));
  }

  async renewClaims(claim: IGradingClaim, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(submissions)
      .set({ claimUntil: claim.until })
      .where(and(inArray(submissions.id, [...ids]), eq(submissions.claimedBy, claim.owner), eq(submissions.status, 'pending')));
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(submissions).where(eq(submissions.status, 'pending'));
    return row?.n ?? 0;
  }
}
