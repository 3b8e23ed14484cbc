import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryThreshold, makeImage, otsuThreshold } from '../../src/toolkit/index.js';
import { floatImageArb, pixels } from './arbitraries.js';
import { decodeNumbers, fixtureImage, loadFixture, mismatches, type Encoded, type ImageName } from './fixtures.js';

interface OtsuFixture {
  cases: { image: ImageName; bins: number; threshold: number; expectedMask: Encoded }[];
}
interface ThresholdFixture {
  binaryThreshold: { image: ImageName; lower: number; upper: number; expected: Encoded }[];
}

const otsu = loadFixture<OtsuFixture>('otsu.json');
const thresholds = loadFixture<ThresholdFixture>('histogram.json').binaryThreshold;

// Tolerance: none. The histogram edges and skimage's float32 accumulation are
// replayed exactly, so the threshold must be the same number and masks identical.
describe('otsuThreshold vs skimage.filters.threshold_otsu', () => {
  for (const c of otsu.cases) {
    it(`${c.image}, ${c.bins} bins`, () => {
      const input = fixtureImage(c.image);
      const { threshold, mask } = otsuThreshold(input, c.bins);
      expect(threshold).toBe(c.threshold);
      expect(mismatches(pixels(mask), decodeNumbers(c.expectedMask))).toBe(0);
      expect(mask.imageType.componentType).toBe('uint8');
      expect(mask.size).toEqual(input.size);
    });
  }
});

describe('otsuThreshold properties', () => {
  it('separates a two-level image exactly (integer and float)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -500, max: 500 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 60 }).filter((a) => a.includes(true) && a.includes(false)),
        (low, gap, pattern) => {
          const levels = pattern.map((p) => (p ? low + gap : low));
          const ints = makeImage({ size: [levels.length, 1], data: Int16Array.from(levels), componentType: 'int16' });
          const floats = makeImage({ size: [levels.length, 1], data: Float32Array.from(levels), componentType: 'float32' });
          for (const image of [ints, floats]) {
            const { threshold, mask } = otsuThreshold(image);
            expect(threshold).toBeGreaterThanOrEqual(low);
            expect(threshold).toBeLessThan(low + gap);
            expect(pixels(mask)).toEqual(pattern.map((p) => (p ? 1 : 0)));
          }
        }
      )
    );
  });

  it('threshold lies within the data range and the mask is data > threshold', () => {
    fc.assert(
      fc.property(floatImageArb(), fc.integer({ min: 2, max: 300 }), (image, bins) => {
        const v = pixels(image);
        const { threshold, mask } = otsuThreshold(image, bins);
        expect(threshold).toBeGreaterThanOrEqual(Math.min(...v));
        expect(threshold).toBeLessThanOrEqual(Math.max(...v));
        expect(pixels(mask)).toEqual(v.map((x) => (x > threshold ? 1 : 0)));
      })
    );
  });

  it('returns the value and an empty mask for a constant image', () => {
    const image = makeImage({ size: [4, 3, 2], data: new Float32Array(24).fill(3.5), componentType: 'float32' });
    const { threshold, mask } = otsuThreshold(image);
    expect(threshold).toBe(3.5);
    expect(pixels(mask).every((m) => m === 0)).toBe(true);
  });
});

describe('binaryThreshold', () => {
  for (const c of thresholds) {
    it(`${c.image} in [${c.lower}, ${c.upper}] matches numpy`, () => {
      const mask = binaryThreshold(fixtureImage(c.image), c.lower, c.upper);
      expect(mismatches(pixels(mask), decodeNumbers(c.expected))).toBe(0);
    });
  }

  it('is inclusive at both ends and rejects lower > upper', () => {
    const image = makeImage({ size: [5, 1], data: Int16Array.from([1, 2, 3, 4, 5]), componentType: 'int16' });
    expect(pixels(binaryThreshold(image, 2, 4))).toEqual([0, 1, 1, 1, 0]);
    expect(() => binaryThreshold(image, 4, 2)).toThrow(/lower <= upper/);
  });
});
