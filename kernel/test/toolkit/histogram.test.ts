import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogram, makeImage, windowLevel } from '../../src/toolkit/index.js';
import { floatImageArb, pixels } from './arbitraries.js';
import { decodeNumbers, fixtureImage, loadFixture, mismatches, type Encoded, type ImageName } from './fixtures.js';

interface HistogramFixture {
  histogram: { image: ImageName; bins: number; range: [number, number] | null; counts: number[]; edges: number[] }[];
  windowLevel: { image: ImageName; window: number; level: number; expected: Encoded }[];
}

const fixture = loadFixture<HistogramFixture>('histogram.json');

// Tolerance: none; counts and edges (float32 edges for float32 images) must be identical to numpy's.
describe('histogram vs numpy.histogram', () => {
  for (const c of fixture.histogram) {
    it(`${c.image}, ${c.bins} bins, range ${JSON.stringify(c.range)}`, () => {
      const h = histogram(fixtureImage(c.image), c.bins, c.range ?? undefined);
      expect(h.edges).toEqual(c.edges);
      expect(h.counts).toEqual(c.counts);
    });
  }
});

describe('windowLevel vs numpy reference', () => {
  for (const c of fixture.windowLevel) {
    it(`${c.image}, W ${c.window} L ${c.level}`, () => {
      const out = windowLevel(fixtureImage(c.image), c.window, c.level);
      expect(out.imageType.componentType).toBe('uint8');
      expect(mismatches(pixels(out), decodeNumbers(c.expected))).toBe(0);
    });
  }
});

describe('histogram and windowLevel properties', () => {
  it('counts sum to the voxel count, or to the voxels inside an explicit range', () => {
    fc.assert(
      fc.property(floatImageArb(), fc.integer({ min: 1, max: 64 }), fc.double({ min: -120, max: 120, noNaN: true }), (image, bins, cut) => {
        const v = pixels(image);
        const all = histogram(image, bins);
        expect(all.counts.reduce((a, b) => a + b, 0)).toBe(v.length);
        expect(all.edges.length).toBe(bins + 1);
        const lo = Math.min(cut, 0);
        const hi = Math.max(cut, 0);
        const part = histogram(image, bins, [lo, hi]);
        // Like numpy, an empty range is widened to [lo - 0.5, hi + 0.5].
        const [a, b] = lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
        expect(part.counts.reduce((p, q) => p + q, 0)).toBe(v.filter((x) => x >= a && x <= b).length);
      })
    );
  });

  it('every value lands in the bin whose edges enclose it', () => {
    fc.assert(
      fc.property(floatImageArb(), fc.integer({ min: 1, max: 40 }), (image, bins) => {
        const { counts, edges } = histogram(image, bins);
        const expected = new Array<number>(bins).fill(0);
        for (const v of pixels(image)) {
          let b = 0;
          while (b < bins - 1 && v >= edges[b + 1]) b++;
          expected[b]++;
        }
        expect(counts).toEqual(expected);
      })
    );
  });

  it('windowLevel is monotonic and clamps and rounds half-up', () => {
    fc.assert(
      fc.property(floatImageArb(), fc.double({ min: 1, max: 300, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), (image, w, l) => {
        const v = pixels(image);
        const out = pixels(windowLevel(image, w, l));
        const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
        for (let k = 1; k < order.length; k++) expect(out[order[k]]).toBeGreaterThanOrEqual(out[order[k - 1]]);
      })
    );
    const ramp = makeImage({ size: [6, 1], data: Float64Array.from([-10, 0, 10.4, 10.5, 255, 300]), componentType: 'float64' });
    // Window 255 at level 127.5 is the identity scale, so this pins offset, clamping and half-up rounding.
    expect(pixels(windowLevel(ramp, 255, 127.5))).toEqual([0, 0, 10, 11, 255, 255]);
    expect(() => windowLevel(ramp, 0, 50)).toThrow(/window/);
  });
});
