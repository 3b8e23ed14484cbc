import type { Ramp } from '../assessments/content-schema.js';

/**
 * Credit for `value` on a ramp: 0 at or beyond `zero`, 1 at or beyond `full`, linear between.
 * One formula serves both directions: with full < zero (lower is better, e.g. distances) the
 * fraction grows as value falls. NaN earns nothing; ±Infinity lands on the right end.
 */
export function rampCredit(value: number, ramp: Ramp): number {
  if (Number.isNaN(value)) return 0;
  const { full, zero } = ramp;
  if (full === zero) {
    // A step: the author wants value at least as good as `full`.
    return value === full ? 1 : 0;
  }
  const t = (value - zero) / (full - zero);
  if (Number.isNaN(t)) return 0;
  return Math.min(1, Math.max(0, t));
}
