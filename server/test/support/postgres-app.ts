import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/postgres/global-setup.ts: the maintenance URL of the run's throwaway cluster. */
    postgresUrl?: string;
  }
}

/** Data folder → its database: a test that restarts the server on the same folder finds its data again. */
const databases = new Map<string, string>();
let created = 0;

/**
 * The DATABASE_URL a test app should use, or null for the SQLite file. Only a run started with
 * test/postgres/vitest.config.ts provides a cluster; every data folder then gets a database
 * of its own, created here, so the test files of that run can go in parallel.
 */
export async function databaseFor(dataDir: string): Promise<string | null> {
  const admin = inject('postgresUrl');
  if (!admin) return null;
  const known = databases.get(dataDir);
  if (known) return known;
  const name = `app_${process.pid}_${++created}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  databases.set(dataDir, url.toString());
  return url.toString();
}
