import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { Role } from '@voxel-academy/protocol';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { AttemptDecision, IReserveInput, IStore } from '../../src/store/types.js';
import { startPostgres, type IPostgresCluster } from '../support/postgres.js';

export type Backend = 'sqlite' | 'postgres';

export interface IStoreFixture {
  readonly backend: Backend;
  /** A store on a fresh, empty database (migrations applied), opened for this test. */
  readonly store: IStore;
  /**
   * Another store on the SAME database, as a second replica (or a second process) would open
   * it: its own SQLite connection, or its own PostgreSQL pool. Closed after the test.
   */
  second(): Promise<IStore>;
}

/**
 * Runs `body` once per backend: a SQLite temp file, and a real PostgreSQL cluster started for
 * this test file (initdb/pg_ctl, see support/postgres.ts). Every test gets an empty database of
 * its own, so the same assertions hold for both stores with no cleanup between tests.
 */
export function describeStores(title: string, body: (fixture: () => IStoreFixture) => void): void {
  for (const backend of ['sqlite', 'postgres'] as const) {
    describe(`${title} [${backend}]`, () => {
      let cluster: IPostgresCluster | undefined;
      let current: IStoreFixture | undefined;
      let opened: IStore[] = [];
      let dirs: string[] = [];

      beforeAll(async () => {
        if (backend === 'postgres') cluster = await startPostgres();
      }, 60_000);
      afterAll(async () => {
        await cluster?.stop();
      }, 60_000);

      beforeEach(async () => {
        const open = await opener(backend, cluster, dirs);
        const store = await open();
        opened.push(store);
        current = {
          backend,
          store,
          second: async () => {
            const other = await open();
            opened.push(other);
            return other;
          }
        };
      }, 30_000);
      afterEach(async () => {
        for (const store of opened) await store.close();
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
        opened = [];
        dirs = [];
        current = undefined;
      });

      body(() => {
        if (!current) throw new Error('the store fixture is only available inside a test');
        return current;
      });
    });
  }
}

/** A function opening stores on one new database of the given backend. */
async function opener(backend: Backend, cluster: IPostgresCluster | undefined, dirs: string[]): Promise<() => Promise<IStore>> {
  if (backend === 'postgres') {
    if (!cluster) throw new Error('PostgreSQL cluster not started');
    const url = await cluster.createDatabase();
    return () => PgStore.open(url);
  }
  const dir = mkdtempSync(join(tmpdir(), 'voxel-contract-'));
  dirs.push(dir);
  const file = join(dir, 'academy.sqlite');
  return async () => new SqliteStore(file);
}

// ---- small builders shared by the aggregate suites ---------------------------------------

export const LEARNER: Role[] = ['learner'];

export function reserveInput(user: string, newId: string, extra: Partial<IReserveInput> = {}): IReserveInput {
  return { user, course: 'demo', assessment: 'quiz', idempotencyKey: null, answers: { q1: { type: 'choice', value: 'b' } }, now: 1_000, newId, ...extra };
}

/** The attempt rule the services apply: `max` attempts plus the override's extra ones. */
export function allowUpTo(max: number): (s: { attemptsUsed: number; override?: { extraAttempts: number } | undefined }) => AttemptDecision {
  return (s) =>
    s.attemptsUsed < max + (s.override?.extraAttempts ?? 0)
      ? { allow: true, late: false, lateFactor: 1 }
      : { allow: false, reason: 'attempts_exhausted', message: `all ${max} attempts used` };
}
