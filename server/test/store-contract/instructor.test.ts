import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { IStore } from '../../src/store/types.js';
import { startPostgres, type IPostgresCluster } from '../support/postgres.js';
import { cohortContract } from './cohort.contract.js';
import type { IContractFixture } from './instructor-seed.js';
import { regradeContract } from './regrade.contract.js';
import { reviewsContract } from './reviews.contract.js';

// TEMPORARY runner until pg-core's backends.ts (describeStores) is on this branch.
for (const backend of ['sqlite', 'postgres'] as const) {
  describe(backend, () => {
    let cluster: IPostgresCluster | undefined;
    let opened: IStore[] = [];
    let fixture: IContractFixture | undefined;
    beforeAll(async () => { if (backend === 'postgres') cluster = await startPostgres(); }, 60_000);
    afterAll(async () => { await cluster?.stop(); }, 60_000);
    beforeEach(async () => {
      let open: () => Promise<IStore>;
      if (cluster) { const url = await cluster.createDatabase(); open = () => PgStore.open(url); }
      else { const file = join(mkdtempSync(join(tmpdir(), 'contract-')), 'a.sqlite'); open = async () => new SqliteStore(file); }
      const store = await open();
      opened.push(store);
      fixture = { store, second: async () => { const s = await open(); opened.push(s); return s; } };
    }, 30_000);
    afterEach(async () => { for (const s of opened) await s.close(); opened = []; });
    const fx = (): IContractFixture => { if (!fixture) throw new Error('no fixture'); return fixture; };
    describe('reviews', () => reviewsContract(fx));
    describe('cohort', () => cohortContract(fx));
    describe('regrade', () => regradeContract(fx));
  });
}
