import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectedComponents, indexToPhysical, labelStatistics, makeImage } from '../../src/toolkit/index.js';
import { maskArb, pixels } from './arbitraries.js';
import { decode, fixtureImage, loadFixture, type Encoded, type ImageName } from './fixtures.js';

interface Row {
  label: number;
  voxelCount: number;
  volumeMm3: number;
  boundingBox: { min: number[]; max: number[] };
  centroidIndex: number[];
  centroid: number[];
  intensity: { mean: number; std: number; min: number; max: number };
}
interface StatisticsFixture {
  cases: { labels: Encoded; mask: ImageName; intensity: ImageName; expected: Row[] }[];
}

const fixture = loadFixture<StatisticsFixture>('statistics.json');

/**
 * Tolerances: counts, bounding boxes and min/max exact; volumes, centroids,
 * mean and std within 1e-9 relative (|Δ| <= 1e-9 · max(1, |expected|)) — both
 * sides compute in float64 and differ only in summation order.
 */
const close = (actual: number, expected: number): boolean => Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
const allClose = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => close(v, b[i]));

describe('labelStatistics vs numpy', () => {
  for (const c of fixture.cases) {
    it(`${c.mask} labels with ${c.intensity} intensities`, () => {
      const geometry = fixtureImage(c.mask);
      const labels = makeImage({ ...geometry, direction: Array.from(geometry.direction as Float64Array), data: decode(c.labels), componentType: 'uint32' });
      const stats = labelStatistics(labels, fixtureImage(c.intensity));
      expect(stats.map((s) => s.label)).toEqual(c.expected.map((e) => e.label));
      stats.forEach((s, k) => {
        const e = c.expected[k];
        expect(s.voxelCount).toBe(e.voxelCount);
        expect(s.boundingBox).toEqual(e.boundingBox);
        expect(close(s.volumeMm3, e.volumeMm3) && close(s.volumeMl * 1000, e.volumeMm3)).toBe(true);
        expect(allClose(s.centroidIndex, e.centroidIndex), `centroid index of label ${s.label}`).toBe(true);
        expect(allClose(s.centroid, e.centroid), `physical centroid of label ${s.label}`).toBe(true);
        expect(s.intensity?.min).toBe(e.intensity.min);
        expect(s.intensity?.max).toBe(e.intensity.max);
        expect(close(s.intensity!.mean, e.intensity.mean) && close(s.intensity!.std, e.intensity.std), `intensity of label ${s.label}`).toBe(true);
      });
    });
  }
});

describe('labelStatistics properties', () => {
  it('counts add up, centroids lie in their bounding boxes, volumes scale with spacing', () => {
    fc.assert(
      fc.property(maskArb(8), (mask) => {
        const { labels, count } = connectedComponents(mask);
        const stats = labelStatistics(labels);
        expect(stats.length).toBe(count);
        expect(stats.reduce((a, s) => a + s.voxelCount, 0)).toBe(pixels(mask).filter((v) => v).length);
        const voxel = mask.spacing.reduce((a, b) => a * b, 1);
        for (const s of stats) {
          expect(s.intensity).toBeUndefined();
          expect(close(s.volumeMm3, s.voxelCount * voxel)).toBe(true);
          s.centroidIndex.forEach((c, d) => {
            expect(c).toBeGreaterThanOrEqual(s.boundingBox.min[d]);
            expect(c).toBeLessThanOrEqual(s.boundingBox.max[d]);
          });
          expect(allClose(s.centroid, indexToPhysical(labels, s.centroidIndex))).toBe(true);
        }
      })
    );
  });

  it('maps index to LPS with origin, spacing and a rotated direction', () => {
    // One voxel at index (2, 1): direction rotates +x onto +y, so x steps move along y.
    const data = new Uint8Array(12);
    data[2 + 4 * 1] = 5;
    const labels = makeImage({ size: [4, 3], spacing: [2, 3], origin: [10, 20], direction: [0, -1, 1, 0], data, componentType: 'uint8' });
    const intensity = makeImage({ size: [4, 3], spacing: [2, 3], origin: [10, 20], direction: [0, -1, 1, 0], data: Float32Array.from({ length: 12 }, (_, i) => i), componentType: 'float32' });
    const [s] = labelStatistics(labels, intensity);
    expect(s.label).toBe(5);
    expect(s.centroid).toEqual([10 - 3 * 1, 20 + 2 * 2]);
    expect(s.volumeMm3).toBe(6);
    expect(s.volumeMl).toBeCloseTo(0.006, 12);
    expect(s.intensity).toEqual({ mean: 6, std: 0, min: 6, max: 6 });
  });

  it('rejects an intensity image on a different grid', () => {
    const a = makeImage({ size: [2, 2], data: new Uint8Array(4), componentType: 'uint8' });
    const b = makeImage({ size: [2, 2], spacing: [1, 2], data: new Float32Array(4), componentType: 'float32' });
    expect(() => labelStatistics(a, b)).toThrow(/share size, spacing/);
  });
});
