import { answerOfType, outcome, percent } from './common.js';
import type { Grader } from './types.js';

/** Full credit within the tolerance, falling linearly to none at 3× the tolerance. */
export function parameterCredit(error: number, tolerance: number): number {
  if (!(error <= 3 * tolerance)) return 0; // also catches NaN
  if (error <= tolerance) return 1;
  return 1 - (error - tolerance) / (2 * tolerance);
}

/** Mean per-parameter credit; each parameter is judged against its own tolerance. */
export const gradeTransform: Grader<'transform'> = (item, answer, _ctx) => {
  const got = answerOfType(item, answer, 'vector');
  if ('outcome' in got) return got.outcome;
  const { values: expected, tolerances } = item.key;
  const values = got.answer.values;
  if (values.length !== expected.length) {
    return outcome(
      item, 0,
      `Expected ${expected.length} values (${item.parameters.join(', ')}) but the answer has ${values.length}.`
    );
  }
  // One tolerance may stand for all parameters; any other count is an authoring error.
  if (tolerances.length !== 1 && tolerances.length !== expected.length) {
    throw new Error(`transform item ${item.id}: ${tolerances.length} tolerances for ${expected.length} values`);
  }
  const credits = values.map((v, i) => parameterCredit(Math.abs(v - expected[i]), tolerances.length === 1 ? tolerances[0] : tolerances[i]));
  const score = credits.reduce((a, b) => a + b, 0) / credits.length;
  const name = (i: number): string => item.parameters[i] ?? `value ${i + 1}`;
  const off = credits.flatMap((c, i) => (c < 1 ? [name(i)] : []));
  const detail =
    off.length === 0
      ? 'All parameters are within tolerance.'
      : `Outside tolerance: ${off.join(', ')} (${percent(score)} of the credit overall).`;
  return outcome(item, score, detail);
};
