import { sql } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { auditLog } from '../../db/schema-pg.js';

/** A drizzle transaction on the pool (what `db.transaction` hands its callback). */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];
/** Either the pool (one statement, autocommit) or an open transaction. */
export type PgExec = PgDb | PgTx;

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/**
 * Runs `work` in a READ COMMITTED transaction, again (up to 5 times) when PostgreSQL aborts it
 * for a serialization failure or a deadlock. READ COMMITTED on purpose: every statement after
 * a lock is taken sees the rows committed before it was granted (REPEATABLE READ would keep
 * the snapshot taken while waiting, and read a stale attempt count).
 */
export async function inTransaction<T>(db: PgDb, work: (tx: PgTx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= 5 || !RETRYABLE.has(sqlState(err))) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

/** The SQLSTATE of a pg error, also when drizzle wraps it (cause). */
export function sqlState(err: unknown): string {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return '';
}

/**
 * Serialises the writes of one learner across every connection and replica until the
 * transaction ends: attempt counting, idempotency keys and first-pass progress all read, decide,
 * then write, so two of them must never interleave. One lock per learner, not per assessment:
 * an idempotency key is unique per learner, whatever the assessment it is retried on.
 */
export async function lockLearner(tx: PgTx, user: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'learner:' + user}, 0))`);
}

/** An audit entry in the caller's transaction, so the change and its record commit together. */
export async function writeAudit(tx: PgExec, at: number, actor: string, action: string, target: string, data: Record<string, unknown>): Promise<void> {
  await tx.insert(auditLog).values({ at, actor, action, target, data });
}
