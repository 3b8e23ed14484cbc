import type { Grader } from './types.js';
import { answerOfType, fmt, outcome } from './common.js';
import { convertUnit } from './units.js';

/**
 * Full credit when the answer, converted to the item's unit, is within absTolerance or within
 * relTolerance·|value| of the key; otherwise none. A unit missing from the answer is taken to
 * be the item's unit, since that is the unit the prompt shows next to the input.
 */
export const gradeNumeric: Grader<'numeric'> = (item, answer, _ctx) => {
  const got = answerOfType(item, answer, 'number');
  if ('outcome' in got) return got.outcome;
  const { value: raw, unit: given } = got.answer;
  let value = raw;
  if (item.unit !== undefined && given !== undefined && given.trim() !== '') {
    const converted = convertUnit(raw, given, item.unit);
    if (!converted.ok) return outcome(item, 0, converted.reason);
    value = converted.value;
  }
  const { value: expected, absTolerance, relTolerance } = item.key;
  const error = Math.abs(value - expected);
  // Unit conversion can leave 15.000000000000002 where 15 was meant; that must not cost credit.
  const slack = 1e-9 * Math.max(1, Math.abs(expected));
  const within =
    (absTolerance !== undefined && error <= absTolerance + slack) ||
    (relTolerance !== undefined && error <= relTolerance * Math.abs(expected) + slack);
  const shown = `${fmt(value)}${item.unit === undefined ? '' : ` ${item.unit}`}`;
  return within
    ? outcome(item, 1, `Correct: ${shown} is within the accepted tolerance.`, { value })
    : outcome(item, 0, `${shown} is outside the accepted range.`, { value });
};
