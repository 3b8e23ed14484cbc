import { describe, expect, it } from 'vitest';
import { blandAltman, icc } from '../../src/toolkit/index.js';

// Shrout & Fleiss (Psychol. Bull. 86(2), 1979), Table 2: six targets rated by four judges. The
// paper reports ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71, ICC(2,4) = .62, ICC(3,4) = .91
// (two decimals, so the tolerance is 0.005).
const shroutFleiss = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7]
];

describe('icc against Shrout & Fleiss (1979), Table 2', () => {
  it.each([
    ['1,1', 0.17],
    ['A,1', 0.29],
    ['C,1', 0.71],
    ['A,k', 0.62],
    ['C,k', 0.91]
  ] as const)('ICC(%s) = %f', (form, expected) => {
    expect(Math.abs(icc(shroutFleiss, form).value - expected)).toBeLessThan(0.005);
  });

  it('an offset between raters lowers absolute agreement but not consistency', () => {
    const rows = [1, 4, 2, 8, 5, 7].map((v) => [v, v + 3]);
    expect(icc(rows, 'C,1').value).toBeCloseTo(1, 12);
    expect(icc(rows, 'A,1').value).toBeLessThan(0.9);
  });

  it('refuses ragged tables, too few subjects and non-numbers', () => {
    expect(() => icc([[1, 2], [3]])).toThrow(/subject 1 has 1 ratings/);
    expect(() => icc([[1, 2]])).toThrow(/at least 2 subjects/);
    expect(() => icc([[1, 2], [3, Number.NaN]])).toThrow(/not a finite number/);
    expect(() => icc(shroutFleiss, 'B,1' as never)).toThrow(/unknown form/);
  });
});

describe('blandAltman', () => {
  it('gives the mean difference and 1.96 sample standard deviations around it', () => {
    // differences 1, 3, 2, 2 → bias 2, sample sd sqrt(2/3)
    const r = blandAltman([11, 13, 12, 7], [10, 10, 10, 5]);
    expect(r.bias).toBeCloseTo(2, 12);
    expect(r.sd).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(r.upper).toBeCloseTo(2 + 1.96 * Math.sqrt(2 / 3), 12);
    expect(r.lower).toBeCloseTo(2 - 1.96 * Math.sqrt(2 / 3), 12);
    expect(r.means).toEqual([10.5, 11.5, 11, 6]);
    expect(r.differences).toEqual([1, 3, 2, 2]);
  });

  it('refuses unpaired or too few measurements', () => {
    expect(() => blandAltman([1, 2], [1])).toThrow(/pair each subject/);
    expect(() => blandAltman([1], [1])).toThrow(/at least two pairs/);
  });
});
