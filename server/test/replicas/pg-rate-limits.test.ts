import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresRateLimits } from '../../src/services/pg-rate-limits.js';
import { startPostgres, type IPostgresCluster } from '../support/postgres.js';

describe('rate limits shared by replicas in PostgreSQL', () => {
  let cluster: IPostgresCluster;
  let url: string;
  const pools: pg.Pool[] = [];
  const pool = (): pg.Pool => {
    const p = new pg.Pool({ connectionString: url, max: 2 });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase();
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(pools.map((p) => p.end()));
    await cluster?.stop();
  });

  it('counts one limit across replicas, for keys PostgreSQL text could not hold as they are', async () => {
    // Two replicas booting at once both create the table.
    const [a, b] = await Promise.all([postgresRateLimits(pool()), postgresRateLimits(pool())]);
    const rule = { name: 'submit', points: 3, durationSeconds: 60 };
    const onA = a(rule);
    const onB = b(rule);
    // User names are the learner's to choose; the key joins them with NUL separators.
    const key = `${'ü'.repeat(300)}\u0000demo\u0000quiz`;
    const taken = [await onA.take(key), await onB.take(key), await onA.take(key), await onB.take(key)];
    expect(taken.slice(0, 3)).toEqual([0, 0, 0]);
    expect(taken[3]).toBeGreaterThan(0);
    expect(taken[3]).toBeLessThanOrEqual(60);
    // Another learner and another rule have counters of their own.
    expect(await onB.take('someone else')).toBe(0);
    expect(await b({ name: 'upload', points: 1, durationSeconds: 60 }).take(key)).toBe(0);
  });

  it('falls back to a per-replica counter when the database does not answer, instead of failing requests', async () => {
    const p = pool();
    const limits = await postgresRateLimits(p);
    const limiter = limits({ name: 'login', points: 2, durationSeconds: 60 });
    await p.end();
    expect([await limiter.take('10.0.0.1'), await limiter.take('10.0.0.1')]).toEqual([0, 0]);
    expect(await limiter.take('10.0.0.1')).toBeGreaterThan(0);
  });
});
