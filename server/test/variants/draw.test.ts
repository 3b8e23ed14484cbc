import { describe, expect, it } from 'vitest';
import { drawParameters, publicParameters, variantIndex, variantSeed, variantTag } from '../../src/variants/draw.js';
import { VariantSpec } from '../../src/variants/spec.js';

const secret = Buffer.from('ab'.repeat(32), 'hex');
const other = Buffer.from('cd'.repeat(32), 'hex');
const ID = { course: 'c', assessment: 'a' };

const spec = VariantSpec.parse({
  pool: 32,
  parameters: {
    angle: { uniform: [5, 15], sign: 'random', decimals: 2, unit: 'deg' },
    shift: { uniform: [-20, 20], decimals: 3 },
    level: { integer: [100, 400], public: true },
    label: { choice: [4, 6, 17, 18], public: true }
  }
});

describe('variant draws', () => {
  it('are deterministic: the same secret, assessment and learner give the same variant; another secret another', () => {
    expect(variantIndex(secret, ID, 'ada', 0, 32)).toBe(variantIndex(secret, ID, 'ada', 0, 32));
    const indices = Array.from({ length: 200 }, (_, i) => variantIndex(secret, ID, `learner${i}`, 0, 32));
    expect(new Set(indices).size).toBeGreaterThan(25);
    const moved = indices.filter((index, i) => variantIndex(other, ID, `learner${i}`, 0, 32) !== index).length;
    expect(moved).toBeGreaterThan(150);
    expect(drawParameters(secret, ID, spec, 7)).toEqual(drawParameters(secret, ID, spec, 7));
    expect(variantTag(secret, ID, 7)).toMatch(/^v-[0-9a-f]{6}$/);
    expect(variantTag(secret, ID, 7)).not.toBe(variantTag(secret, ID, 8));
  });

  it('depend on the attempt group (per-attempt policy) and on the assessment', () => {
    const byAttempt = [1, 2, 3, 4, 5].map((g) => variantIndex(secret, ID, 'ada', g, 4096));
    expect(new Set(byAttempt).size).toBe(5);
    expect(variantIndex(secret, { course: 'c', assessment: 'b' }, 'ada', 0, 4096)).not.toBe(variantIndex(secret, ID, 'ada', 0, 4096));
  });

  it('give every variant of the pool its own stratum of every parameter (a Latin hypercube)', () => {
    const all = Array.from({ length: 32 }, (_, i) => drawParameters(secret, ID, spec, i));
    const angles = all.map((p) => Math.abs(p['angle'] as number)).sort((a, b) => a - b);
    const shifts = all.map((p) => p['shift'] as number).sort((a, b) => a - b);
    const levels = all.map((p) => p['level'] as number).sort((a, b) => a - b);
    // Half a stratum apart at least: (15 − 5) / 32 / 2 for the angle, 40 / 32 / 2 for the shift.
    for (let i = 1; i < 32; i++) {
      expect(angles[i]! - angles[i - 1]!).toBeGreaterThanOrEqual(10 / 64 - 0.01);
      expect(shifts[i]! - shifts[i - 1]!).toBeGreaterThanOrEqual(40 / 64 - 0.001);
      expect(levels[i]!).toBeGreaterThan(levels[i - 1]!);
    }
    expect(angles[0]).toBeGreaterThanOrEqual(5);
    expect(angles[31]).toBeLessThanOrEqual(15);
    // Both signs occur; decimals are respected.
    expect(all.some((p) => (p['angle'] as number) < 0) && all.some((p) => (p['angle'] as number) > 0)).toBe(true);
    for (const p of all) expect(Math.round((p['angle'] as number) * 100) / 100).toBe(p['angle']);
    // Choices are used evenly: 32 variants over 4 labels, 8 each.
    const labels = all.map((p) => p['label']);
    for (const l of [4, 6, 17, 18]) expect(labels.filter((x) => x === l)).toHaveLength(8);
  });

  it('keep integer parameters distinct between variants when the range is at least the pool', () => {
    const small = VariantSpec.parse({ pool: 8, parameters: { d: { integer: [-4, 4] } } });
    for (let s = 0; s < 20; s++) {
      const key = Buffer.alloc(32, s);
      const values = Array.from({ length: 8 }, (_, i) => drawParameters(key, ID, small, i)['d']);
      expect(new Set(values).size, `secret ${s}: ${values.join(', ')}`).toBe(8);
    }
  });

  it('show a learner only the public parameters', () => {
    expect(Object.keys(publicParameters(spec, drawParameters(secret, ID, spec, 3))).sort()).toEqual(['label', 'level']);
  });

  it('seed each dataset of each variant differently', () => {
    expect(variantSeed(secret, ID, 1, 'ct')).not.toBe(variantSeed(secret, ID, 2, 'ct'));
    expect(variantSeed(secret, ID, 1, 'ct')).not.toBe(variantSeed(secret, ID, 1, 'mask'));
  });
});

describe('derived parameters', () => {
  it('are computed from the parameters declared before them', () => {
    const derived = VariantSpec.parse({ pool: 16, parameters: { k: { integer: [0, 15] }, erosion: { value: '6 + floor($k / 4)', public: true }, sigma: { value: '0.5 + 0.5 * ($k - 4 * floor($k / 4))', public: true } } });
    const all = Array.from({ length: 16 }, (_, i) => drawParameters(secret, ID, derived, i));
    const pairs = new Set(all.map((p) => `${String(p['erosion'])}/${String(p['sigma'])}`));
    expect(pairs.size).toBe(16);
    for (const p of all) expect(p['erosion']).toBe(6 + Math.floor((p['k'] as number) / 4));
  });
});
