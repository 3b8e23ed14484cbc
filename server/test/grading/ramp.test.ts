import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rampCredit } from '../../src/grading/ramp.js';

describe('rampCredit', () => {
  it('is linear between zero and full when higher is better', () => {
    const ramp = { full: 0.9, zero: 0.5 };
    expect(rampCredit(0.5, ramp)).toBe(0);
    expect(rampCredit(0.7, ramp)).toBeCloseTo(0.5, 12);
    expect(rampCredit(0.95, ramp)).toBe(1);
    expect(rampCredit(0.1, ramp)).toBe(0);
  });

  it('works when lower is better (full < zero)', () => {
    const ramp = { full: 2, zero: 10 };
    expect(rampCredit(1, ramp)).toBe(1);
    expect(rampCredit(6, ramp)).toBeCloseTo(0.5, 12);
    expect(rampCredit(12, ramp)).toBe(0);
    expect(rampCredit(Infinity, ramp)).toBe(0);
    expect(rampCredit(-Infinity, { full: 40, zero: 20 })).toBe(0);
    expect(rampCredit(Infinity, { full: 40, zero: 20 })).toBe(1);
  });

  it('gives nothing for NaN and treats full = zero as a step', () => {
    expect(rampCredit(Number.NaN, { full: 1, zero: 0 })).toBe(0);
    expect(rampCredit(3, { full: 3, zero: 3 })).toBe(1);
    expect(rampCredit(3.1, { full: 3, zero: 3 })).toBe(0);
  });

  it('is always in [0, 1] and monotone towards full', () => {
    const n = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(n, n, n, n, (full, zero, a, b) => {
        fc.pre(full !== zero);
        const ramp = { full, zero };
        const [ca, cb] = [rampCredit(a, ramp), rampCredit(b, ramp)];
        expect(ca).toBeGreaterThanOrEqual(0);
        expect(ca).toBeLessThanOrEqual(1);
        // the value closer to `full` along the ramp's direction never earns less
        if (a === b || (a > b) === (full > zero)) expect(ca).toBeGreaterThanOrEqual(cb);
      })
    );
  });
});
