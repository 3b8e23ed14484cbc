import type { LatePolicy } from '@voxel-academy/protocol';
import type { AttemptDecision, IAttemptState } from '../store/types.js';

const DAY_MS = 24 * 3600 * 1000;

export interface IAttemptRules {
  maxAttempts: number | null;
  /** Epoch ms, or null for no deadline. */
  deadline: number | null;
  latePolicy: LatePolicy;
}

/**
 * Pure: may this learner submit now, and is it late? Runs inside the store's transaction so
 * the attempt count it sees cannot change before the new submission is written.
 */
export function decideAttempt(rules: IAttemptRules, now: number, state: IAttemptState): AttemptDecision {
  const limit = rules.maxAttempts === null ? null : rules.maxAttempts + (state.override?.extraAttempts ?? 0);
  if (limit !== null && state.attemptsUsed >= limit) {
    return {
      allow: false,
      reason: 'attempts_exhausted',
      message: `You have used all ${limit} attempt${limit === 1 ? '' : 's'} for this assessment. Ask your instructor if you need another.`
    };
  }
  const deadline = state.override?.deadline ?? rules.deadline;
  if (deadline === null || now <= deadline) return { allow: true, late: false, lateFactor: 1 };
  if (rules.latePolicy.kind === 'reject') {
    return { allow: false, reason: 'deadline_passed', message: `The deadline (${new Date(deadline).toISOString()}) has passed.` };
  }
  const daysLate = Math.ceil((now - deadline) / DAY_MS);
  if (daysLate > rules.latePolicy.maxDays) {
    return {
      allow: false,
      reason: 'deadline_passed',
      message: `Late submissions are accepted for ${rules.latePolicy.maxDays} day(s) after the deadline (${new Date(deadline).toISOString()}).`
    };
  }
  return { allow: true, late: true, lateFactor: Math.max(0, 1 - rules.latePolicy.perDay * daysLate) };
}
