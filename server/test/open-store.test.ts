import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { openStore } from '../src/store/open-store.js';
import { startPostgres, type IPostgresCluster } from './support/postgres.js';
import { hubEnv } from './support/test-config.js';

const quiet = createLogger('error');
/** The PostgreSQL migrations the server ships: each must be applied exactly once. */
const PG_MIGRATIONS = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'drizzle-pg', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

describe('DATABASE_URL picks the store', () => {
  let cluster: IPostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(() => cluster.stop(), 60_000);

  it('reads postgres:// and postgresql:// URLs; unset or empty means the SQLite file', () => {
    expect(loadConfig(hubEnv('http://127.0.0.1:1/hub/api')).databaseUrl).toBeNull();
    expect(loadConfig(hubEnv('http://127.0.0.1:1/hub/api', { DATABASE_URL: '' })).databaseUrl).toBeNull();
    expect(loadConfig(hubEnv('http://127.0.0.1:1/hub/api', { DATABASE_URL: 'postgresql://u:p@db:5432/academy' })).databaseUrl).toBe('postgresql://u:p@db:5432/academy');
    // A typo must not silently fall back to SQLite, and the message must not print the password.
    const bad = () => loadConfig(hubEnv('http://127.0.0.1:1/hub/api', { DATABASE_URL: 'mysql://u:secret@db/academy' }));
    expect(bad).toThrowError(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(bad).not.toThrowError(/secret/);
  });

  it('opens the SQLite file in the data directory by default', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'voxel-open-'));
    const store = await openStore({ databaseUrl: null, dataDir }, quiet);
    expect(store.dialect).toBe('sqlite');
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens PostgreSQL, and replicas booting at once apply the migrations once', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ databaseUrl: url, dataDir: '/nonexistent' }, quiet)));
    for (const store of stores) expect(store.dialect).toBe('postgres');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const applied = await client.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
    const counters = await client.query<{ value: string }>("select value from counters where name = 'status-list-index'");
    await client.end();
    expect(PG_MIGRATIONS).toBeGreaterThanOrEqual(3);
    expect(Number(applied.rows[0]!.n)).toBe(PG_MIGRATIONS);
    expect(counters.rows.map((r) => Number(r.value))).toEqual([0]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('keeps working when the database drops its connections (restart, failover): the next query reconnects', async () => {
    const url = await cluster.createDatabase();
    const warnings: string[] = [];
    let expected = Infinity;
    let allWarned: () => void = () => undefined;
    const everyLossLogged = new Promise<void>((resolve) => (allWarned = resolve));
    const log = createLogger('warn', (line) => {
      warnings.push(line);
      if (warnings.length >= expected) allWarned();
    });
    const store = await openStore({ databaseUrl: url, dataDir: '/x', dbPoolSize: 2 }, log);
    await Promise.all([store.upsertUser('ann', ['learner'], 1), store.upsertUser('bob', ['learner'], 1)]);
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [new URL(url).pathname.slice(1)]);
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    // No fixed delay (a loaded machine notices the closed sockets later): wait for the pool to
    // report each lost connection, so none of them is handed to the next query.
    expected = killed.rowCount ?? 1;
    if (warnings.length >= expected) allWarned();
    await everyLossLogged;
    expect(warnings.join('\n')).toContain('idle PostgreSQL connection lost');
    await store.upsertUser('ann', ['learner', 'instructor'], 2);
    await store.createSession({ idHash: 'h', user: 'ann', roles: ['learner', 'instructor'], hubToken: 't', checkedAt: 2, expiresAt: 3 });
    expect((await store.getSession('h'))?.roles).toEqual(['learner', 'instructor']);
    await store.close();
  });

  it('says which database it could not reach, without the password', async () => {
    const port = new URL(cluster.url()).port;
    await expect(openStore({ databaseUrl: `postgres://postgres:hunter2@127.0.0.1:${port}/no_such_db`, dataDir: '/x' }, quiet)).rejects.toThrowError(
      /PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/no_such_db: database "no_such_db" does not exist/
    );
  });
});
