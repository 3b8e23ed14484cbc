import { describe, expect, it } from 'vitest';
import { majorityVote, makeImage, staple } from '../../src/toolkit/index.js';

const image = (values: number[]) => makeImage({ size: [values.length, 1], data: Uint8Array.from(values), componentType: 'uint8' });

describe('majorityVote', () => {
  it('takes the label most raters gave, background included, and marks ties', () => {
    const fused = majorityVote([image([1, 1, 2, 0, 3]), image([1, 2, 2, 0, 4]), image([0, 2, 1, 1, 5])], { tieLabel: 9 });
    expect(Array.from(fused.data as Uint8Array)).toEqual([1, 2, 2, 0, 9]);
    expect(fused.imageType.componentType).toBe('uint8');
  });

  it('refuses segmentations on different grids', () => {
    expect(() => majorityVote([image([1, 0]), image([1, 0, 0])])).toThrow(/not on the grid/);
  });
});

describe('staple', () => {
  it('recovers the truth and each rater’s error rates when raters err independently', () => {
    // Truth: the first 400 of 1000 voxels. Rater 0 is perfect; rater 1 misses every 4th true
    // voxel (sensitivity 0.75); rater 2 adds every 6th background voxel (specificity 5/6).
    const n = 1000;
    const truth = Array.from({ length: n }, (_, i) => (i < 400 ? 1 : 0));
    const r1 = truth.map((t, i) => (t && i % 4 === 0 ? 0 : t));
    const r2 = truth.map((t, i) => (!t && i % 6 === 0 ? 1 : t));
    const result = staple([image(truth), image(r1), image(r2)]);
    expect(Array.from(result.fused.data as Uint8Array)).toEqual(truth);
    expect(result.sensitivity[0]).toBeCloseTo(1, 6);
    expect(result.sensitivity[1]).toBeCloseTo(0.75, 6);
    expect(result.specificity[2]).toBeCloseTo(500 / 600, 6);
    expect(result.prior).toBeCloseTo((400 + 300 + 500) / 3000, 12);
  });

  it('gives every rater full marks when all agree', () => {
    const m = image([0, 1, 1, 0, 1]);
    const result = staple([m, m, m]);
    expect(result.sensitivity.every((p) => Math.abs(p - 1) < 1e-9)).toBe(true);
    expect(Array.from(result.fused.data as Uint8Array)).toEqual([0, 1, 1, 0, 1]);
  });

  it('refuses empty or full masks', () => {
    expect(() => staple([image([0, 0]), image([0, 0])])).toThrow(/nothing to weigh/);
  });
});
