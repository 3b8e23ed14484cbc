import type { ICohortStore, IReviewStore } from '../instructor-types.js';

/**
 * Placeholders until PgReviews (pg-reviews.ts) and PgCohort (pg-cohort.ts) land: every call
 * fails loudly with what is missing, never silently. The instructor workspace (project reviews,
 * cohort views, regrades) therefore answers 500 on PostgreSQL until then; everything a learner
 * does works. Delete this file when both classes exist.
 */
function missing(what: string): never {
  throw new Error(`${what} is not implemented on PostgreSQL yet (the SQLite store has it; unset DATABASE_URL to use it)`);
}

export class PendingPgReviews implements IReviewStore {
  insertUpload(): Promise<void> { return missing('project uploads'); }
  getUpload(): Promise<never> { return missing('project uploads'); }
  uploadsSince(): Promise<number> { return missing('project uploads'); }
  open(): Promise<boolean> { return missing('project reviews'); }
  list(): Promise<never[]> { return missing('project reviews'); }
  get(): Promise<undefined> { return missing('project reviews'); }
  claim(): Promise<never> { return missing('project reviews'); }
  claimNext(): Promise<never> { return missing('project reviews'); }
  saveDraft(): Promise<never> { return missing('project reviews'); }
  complete(): Promise<never> { return missing('project reviews'); }
}

export class PendingPgCohort implements ICohortStore {
  snapshot(): Promise<never> { return missing('cohort views'); }
  activity(): Promise<never> { return missing('cohort views'); }
  assessmentTotals(): Promise<never[]> { return missing('cohort views'); }
  firstAttempts(): Promise<never[]> { return missing('cohort views'); }
  gradedIds(): Promise<number[]> { return missing('regrades'); }
  records(): Promise<never[]> { return missing('regrades'); }
  reviewsWaiting(): Promise<number> { return missing('cohort views'); }
  excused(): Promise<never> { return missing('cohort views'); }
  applyRegrade(): Promise<string[]> { return missing('regrades'); }
}
