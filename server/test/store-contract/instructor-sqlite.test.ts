import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { cohortContract } from './cohort.contract.js';
import { regradeContract } from './regrade.contract.js';
import { reviewsContract } from './reviews.contract.js';

// Temporary runner until pg-core's contract runner lands.
describe('sqlite', () => {
  let store: SqliteStore;
  beforeAll(() => { store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'contract-')), 'a.sqlite')); });
  afterAll(() => store.close());
  describe('reviews', () => reviewsContract(() => store));
  describe('cohort', () => cohortContract(() => store));
  describe('regrade', () => regradeContract(() => store));
});
