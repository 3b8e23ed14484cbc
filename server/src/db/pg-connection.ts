import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema-pg.js';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

const MIGRATIONS = fileURLToPath(new URL('../../drizzle-pg', import.meta.url));

/**
 * Any constant both replicas agree on: the session-level advisory lock that serialises
 * migrations when several course servers boot against one database at the same moment.
 * (drizzle's migrator runs in a transaction but does not lock its bookkeeping table, so two
 * replicas could otherwise both apply 0000 and one would fail on "relation already exists".)
 */
const MIGRATION_LOCK = 0x766f78656c; // "voxel"

export interface IPgOptions {
  /** Connections this process may hold; the rest of the server's requests wait for one. */
  maxConnections?: number;
  /** Told when an idle pooled connection fails; the pool drops it and the next query opens another. */
  onIdleError?: (err: Error) => void;
}

/**
 * Connects a pool to PostgreSQL and applies pending migrations under an advisory lock.
 * Fails fast with the server's message when the database is unreachable, instead of at the
 * first learner's request.
 */
export async function openPgDatabase(url: string, options: IPgOptions = {}): Promise<PgDb> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // A connection that cannot be made in 10 s will not be made by waiting longer.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000
  });
  // An idle client losing its connection (database restart) must not crash the process
  // (an 'error' event without a listener would): the pool drops it, the next query reconnects.
  pool.on('error', (err) => options.onIdleError?.(err));
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end();
    throw new Error(`PostgreSQL at ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return drizzle(pool, { schema }) as PgDb;
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
