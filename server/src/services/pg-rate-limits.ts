import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import { takePoint, type ILimitRule, type RateLimitStore } from './rate-limiter.js';

/** One table for every limiter (keys start with the rule's name), in rate-limiter-flexible's layout. */
const TABLE = 'academy_rate_limits';

/**
 * Rate-limit counters shared by every replica, in PostgreSQL. Behind a load balancer a learner's
 * requests land on any replica, so per-replica counters would let them submit (or a client
 * log in) N times the limit with N replicas; shared counters mean the same limit at any scale.
 * Keys are hashed: they hold user names and NUL separators, which PostgreSQL text refuses and
 * whose length the user chooses. When the database cannot answer, each replica falls back to
 * its own in-memory counter (the insurance limiter) rather than failing the request.
 */
export async function postgresRateLimits(pool: pg.Pool): Promise<RateLimitStore> {
  // Created here rather than by the library, once, before any limiter runs; two replicas
  // booting together may race on CREATE TABLE IF NOT EXISTS, which is fine: the loser sees a
  // unique violation on the catalog (23505), the table (42P07) or its row type (42710, "type
  // already exists": the form one CI run met) depending on where the two creations crossed.
  await pool.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`).catch((err: unknown) => {
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P07' && code !== '42710') throw err;
  });
  return (rule: ILimitRule) => {
    const limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      keyPrefix: rule.name,
      points: rule.points,
      duration: rule.durationSeconds,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: rule.name, points: rule.points, duration: rule.durationSeconds })
    });
    return { rule, take: (key) => takePoint(limiter, createHash('sha256').update(key).digest('base64url')) };
  };
}
