import type { IReserveInput } from './aggregates/submissions.js';
import type { ISubmissionRecord } from './rows.js';

/** The submission a store is about to write once the attempt rules allowed it (same for every dialect). */
export function newSubmission(input: IReserveInput, attempt: number, decision: { late: boolean; lateFactor: number }): ISubmissionRecord {
  return {
    id: input.newId,
    user: input.user,
    course: input.course,
    assessment: input.assessment,
    attempt,
    status: 'pending',
    answers: input.answers,
    submittedAt: input.now,
    gradedAt: null,
    late: decision.late,
    lateFactor: decision.lateFactor,
    score: null,
    passed: null,
    error: null,
    items: []
  };
}
