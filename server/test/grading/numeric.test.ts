import { describe, expect, it } from 'vitest';
import { gradeNumeric } from '../../src/grading/numeric.js';
import { convertUnit } from '../../src/grading/units.js';
import { item } from './items.js';

const num = (value: number, unit?: string) => ({ type: 'number' as const, value, ...(unit === undefined ? {} : { unit }) });

describe('convertUnit', () => {
  it.each([
    [15, 'mm', 'cm', 1.5],
    [2, 'm', 'mm', 2000],
    [500, 'µm', 'mm', 0.5],
    [500, 'um', 'mm', 0.5],
    [1.2, 'L', 'mL', 1200],
    [3, 'cm³', 'ml', 3],
    [2500, 'mm3', 'mL', 2.5],
    [250, 'uL', 'mL', 0.25],
    [1.5, 'min', 's', 90],
    [40, 'ms', 's', 0.04],
    [Math.PI, 'rad', '°', 180],
    [90, 'deg', 'rad', Math.PI / 2],
    [-1000, 'HU', 'hu', -1000],
    [30, '%', 'percent', 30]
  ])('%d %s = %d %s', (value, from, to, expected) => {
    const r = convertUnit(value, from, to);
    expect(r.ok && r.value).toBeCloseTo(expected, 10);
  });

  it('refuses incompatible and unknown units, saying why', () => {
    expect(convertUnit(1, 'mL', 'mm')).toEqual({ ok: false, reason: '"mL" is a volume unit, but this item expects mm (a length).' });
    expect(convertUnit(1, 'furlong', 'mm')).toEqual({ ok: false, reason: '"furlong" is not a unit this item understands; give the value in mm.' });
    expect(convertUnit(3, 'voxels', 'voxels')).toEqual({ ok: true, value: 3 });
  });
});

describe('numeric grader', () => {
  const volume = item('numeric', { unit: 'mL', key: { value: 120, absTolerance: 5 } });

  it('accepts answers within the absolute tolerance, in any volume unit', () => {
    expect(gradeNumeric(volume, num(124), {}).score).toBe(1);
    expect(gradeNumeric(volume, num(0.125, 'L'), {}).score).toBe(1);
    expect(gradeNumeric(volume, num(116000, 'mm³'), {}).score).toBe(1);
    expect(gradeNumeric(volume, num(126), {}).score).toBe(0);
    expect(gradeNumeric(volume, num(0.11, 'L'), {}).feedback).toBe('110 mL is outside the accepted range.');
  });

  it('does not lose credit to floating-point conversion at the tolerance edge', () => {
    const q = item('numeric', { unit: 'mm', key: { value: 10, absTolerance: 5 } });
    expect(gradeNumeric(q, num(1.5, 'cm'), {}).score).toBe(1); // 1.5 cm → 15.000000000000002 mm
  });

  it('accepts answers within the relative tolerance', () => {
    const q = item('numeric', { key: { value: -200, relTolerance: 0.1 } });
    expect(gradeNumeric(q, num(-181), {}).score).toBe(1);
    expect(gradeNumeric(q, num(-179), {}).score).toBe(0);
  });

  it('gives no credit for an incompatible or unknown unit and names the expected one', () => {
    const out = gradeNumeric(volume, num(120, 'mm'), {});
    expect(out).toMatchObject({ score: 0 });
    expect(out.feedback).toMatch(/expects mL/);
    expect(gradeNumeric(volume, num(120, 'pints'), {}).feedback).toMatch(/give the value in mL/);
  });

  it('handles a missing or mistyped answer', () => {
    expect(gradeNumeric(volume, undefined, {})).toEqual({ score: 0, feedback: 'No answer recorded for this item.' });
    expect(gradeNumeric(volume, { type: 'text', text: '120' }, {}).feedback).toMatch(/^Expected a number/);
  });
});
