import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gaussianKernel1d, gaussianSmooth, makeImage } from '../../src/toolkit/index.js';
import { floatImageArb, pixels } from './arbitraries.js';
import { decodeNumbers, fixtureImage, loadFixture, type Encoded, type ImageName } from './fixtures.js';

interface GaussianFixture {
  mode: string;
  truncate: number;
  cases: { image: ImageName; sigmaMm: number | number[]; expected: Encoded }[];
}

const fixture = loadFixture<GaussianFixture>('gaussian.json');

/**
 * Tolerance: |actual - expected| <= 1e-5 · max(1, |expected|). The reference is
 * scipy in float64 stored as float32 and our output is float32 for non-float64
 * input, so two float32 roundings (~6e-8 relative each) are the expected error;
 * 1e-5 leaves room for summation order but catches any kernel/boundary mistake.
 */
const REL_TOL = 1e-5;

describe('gaussianSmooth vs scipy.ndimage.gaussian_filter(mode="reflect", truncate=4)', () => {
  it('fixture was made with the boundary mode and truncation we implement', () => {
    expect([fixture.mode, fixture.truncate]).toEqual(['reflect', 4]);
  });
  for (const c of fixture.cases) {
    it(`${c.image}, sigma ${JSON.stringify(c.sigmaMm)} mm`, () => {
      const input = fixtureImage(c.image);
      const out = gaussianSmooth(input, c.sigmaMm);
      const expected = decodeNumbers(c.expected);
      const actual = pixels(out);
      expect(actual.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
      expect(worst).toBeLessThanOrEqual(REL_TOL);
      expect(out.size).toEqual(input.size);
      expect(out.spacing).toEqual(input.spacing);
      expect(out.origin).toEqual(input.origin);
      expect(Array.from(out.direction as Float64Array)).toEqual(Array.from(input.direction as Float64Array));
      expect(out.imageType.componentType).toBe(input.imageType.componentType === 'float64' ? 'float64' : 'float32');
    });
  }
});

describe('gaussianSmooth properties', () => {
  it('kernel is normalised with radius floor(4 sigma + 0.5)', () => {
    const w = gaussianKernel1d(1.3);
    expect(w.length).toBe(2 * Math.floor(4 * 1.3 + 0.5) + 1);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('keeps constant images constant and stays within [min, max]', () => {
    fc.assert(
      fc.property(floatImageArb(), fc.double({ min: 0, max: 5, noNaN: true }), (image, sigma) => {
        const v = pixels(image);
        const lo = Math.min(...v);
        const hi = Math.max(...v);
        for (const s of pixels(gaussianSmooth(image, sigma))) {
          expect(s).toBeGreaterThanOrEqual(lo - 1e-4);
          expect(s).toBeLessThanOrEqual(hi + 1e-4);
        }
        const flat = makeImage({ size: image.size, spacing: image.spacing, data: new Float32Array(v.length).fill(7.25), componentType: 'float32' });
        for (const s of pixels(gaussianSmooth(flat, sigma))) expect(s).toBeCloseTo(7.25, 5);
      })
    );
  });

  it('commutes with flipping the x axis (symmetric kernel and boundary)', () => {
    fc.assert(
      fc.property(floatImageArb(), fc.double({ min: 0.2, max: 4, noNaN: true }), (image, sigma) => {
        const [nx] = image.size;
        const flip = (data: ArrayLike<number>): Float32Array => {
          const out = new Float32Array(data.length);
          for (let i = 0; i < data.length; i++) out[i] = data[i - (i % nx) + (nx - 1 - (i % nx))];
          return out;
        };
        const flipped = makeImage({ size: image.size, spacing: image.spacing, data: flip(pixels(image)), componentType: 'float32' });
        const a = pixels(gaussianSmooth(flipped, sigma));
        const b = flip(pixels(gaussianSmooth(image, sigma)));
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-3);
      })
    );
  });

  it('is the identity for sigma 0 and uses spacing (1 mm on 2 mm voxels = 0.5 voxel)', () => {
    const data = Float32Array.from({ length: 30 }, (_, i) => (i * 37) % 11);
    const a = makeImage({ size: [6, 5], spacing: [2, 2], data, componentType: 'float32' });
    expect(pixels(gaussianSmooth(a, 0))).toEqual(Array.from(data));
    const b = makeImage({ size: [6, 5], spacing: [1, 1], data, componentType: 'float32' });
    expect(pixels(gaussianSmooth(a, 1))).toEqual(pixels(gaussianSmooth(b, 0.5)));
  });

  it('rejects a wrong number of sigmas and negative sigma', () => {
    const a = makeImage({ size: [3, 3], data: new Float32Array(9), componentType: 'float32' });
    expect(() => gaussianSmooth(a, [1, 1, 1])).toThrow(/expected 2 sigma/);
    expect(() => gaussianSmooth(a, -1)).toThrow(/sigma/);
  });
});
