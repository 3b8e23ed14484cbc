import { describe } from 'vitest';
import { describeStores } from './backends.js';
import { cohortContract } from './cohort.contract.js';
import { regradeContract } from './regrade.contract.js';
import { reviewsContract } from './reviews.contract.js';

/**
 * The instructor workspace's sub-stores (store.reviews, store.cohort) on both backends. One file,
 * so one throwaway PostgreSQL cluster serves the three bodies; each test gets its own database.
 */
describeStores('instructor workspace', (fx) => {
  describe('reviews', () => reviewsContract(fx));
  describe('cohort', () => cohortContract(fx));
  describe('regrade', () => regradeContract(fx));
});
