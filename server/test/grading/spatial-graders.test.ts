import { describe, expect, it } from 'vitest';
import { gradeLandmark } from '../../src/grading/landmark.js';
import { gradeTransform, parameterCredit } from '../../src/grading/transform.js';
import { item } from './items.js';

describe('landmark grader', () => {
  const q = item('landmark', { key: { point: [10, -20, 30], distanceMm: { full: 2, zero: 10 } } });
  it('ramps credit on the Euclidean distance in mm', () => {
    expect(gradeLandmark(q, { type: 'point', point: [11, -20, 30] }, {}).score).toBe(1);
    const out = gradeLandmark(q, { type: 'point', point: [10, -14, 38] }, {}); // 10 mm away
    expect(out).toEqual({ score: 0, feedback: 'Your point is 10 mm from the target.', measurements: { distanceMm: 10 } });
    expect(gradeLandmark(q, { type: 'point', point: [13, -16, 30] }, {}).score).toBeCloseTo(5 / 8, 12); // 5 mm
    expect(gradeLandmark(q, { type: 'vector', values: [10, -20, 30] }, {}).feedback).toMatch(/Expected a point/);
  });
});

describe('transform grader', () => {
  const q = item('transform', {
    parameters: ['tx (mm)', 'ty (mm)', 'rz (deg)'],
    key: { values: [5, -3, 10], tolerances: [1, 1, 2] }
  });
  const vec = (...values: number[]) => ({ type: 'vector' as const, values });

  it('falls linearly from the tolerance to 3× the tolerance', () => {
    expect(parameterCredit(1, 1)).toBe(1);
    expect(parameterCredit(2, 1)).toBe(0.5);
    expect(parameterCredit(3, 1)).toBe(0);
    expect(parameterCredit(Number.NaN, 1)).toBe(0);
  });

  it('averages per-parameter credit and names the parameters that are off', () => {
    expect(gradeTransform(q, vec(5.5, -3, 11), {}).score).toBe(1);
    const out = gradeTransform(q, vec(7, -3, 10), {}); // tx 2 mm off: half credit for that one
    expect(out.score).toBeCloseTo(2.5 / 3, 12);
    expect(out.feedback).toBe('Outside tolerance: tx (mm) (83% of the credit overall).');
  });

  it('gives no credit for the wrong number of values', () => {
    expect(gradeTransform(q, vec(5, -3), {})).toEqual({ score: 0, feedback: 'Expected 3 values (tx (mm), ty (mm), rz (deg)) but the answer has 2.' });
  });

  it('lets one tolerance stand for every parameter', () => {
    const one = item('transform', { parameters: ['a', 'b'], key: { values: [0, 0], tolerances: [0.5] } });
    expect(gradeTransform(one, vec(0.5, -0.5), {}).score).toBe(1);
    expect(gradeTransform(one, vec(1, 0), {}).score).toBe(0.75);
  });
});
