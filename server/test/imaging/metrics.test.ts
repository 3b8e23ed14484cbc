import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intensityMetrics, percentile, segmentationMetrics } from '../../src/imaging/metrics.js';
import type { Vec3 } from '../../src/imaging/volume.js';
import { bruteMetrics } from './brute-force.js';
import { maskVolume, sphere, vol } from './fixtures.js';

const box = (lo: Vec3, hi: Vec3) => (x: number, y: number, z: number): boolean =>
  x >= lo[0] && x <= hi[0] && y >= lo[1] && y <= hi[1] && z >= lo[2] && z <= hi[2];

/** Random small binary masks of one shared size, with a spacing. */
const maskPair = fc
  .record({
    size: fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 })),
    spacing: fc.tuple(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true })),
    seed: fc.integer(),
    densityA: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
    densityB: fc.double({ min: 0.05, max: 0.9, noNaN: true })
  })
  .map(({ size, spacing, seed, densityA, densityB }) => {
    const n = size[0] * size[1] * size[2];
    let state = seed >>> 0 || 1;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    const a = Uint8Array.from({ length: n }, () => (next() < densityA ? 1 : 0));
    const b = Uint8Array.from({ length: n }, () => (next() < densityB ? 1 : 0));
    return { size: size as Vec3, spacing: spacing as Vec3, a, b };
  })
  .filter(({ a, b }) => a.includes(1) && b.includes(1));

describe('segmentation overlap', () => {
  it('measures two overlapping boxes exactly', () => {
    const size: Vec3 = [10, 10, 10];
    const a = maskVolume(size, box([0, 0, 0], [3, 3, 3]), [1, 1, 2]); // 64 voxels
    const b = maskVolume(size, box([2, 0, 0], [5, 3, 3]), [1, 1, 2]); // 64 voxels, 32 shared
    const m = segmentationMetrics(a, 1, b, 1);
    expect(m.dice).toBe(0.5);
    expect(m.jaccard).toBeCloseTo(1 / 3, 12);
    expect(m.volumeMl).toBeCloseTo((64 * 2) / 1000, 12);
    expect(m.hausdorffMm).toBe(2);
  });

  it('binarises each image at its own label', () => {
    const size: Vec3 = [6, 6, 6];
    const a = maskVolume(size, box([1, 1, 1], [3, 3, 3]), [1, 1, 1], 2);
    const b = maskVolume(size, box([1, 1, 1], [3, 3, 3]), [1, 1, 1], 5);
    expect(segmentationMetrics(a, 2, b, 5).dice).toBe(1);
    expect(segmentationMetrics(a, 1, b, 5).answerVoxels).toBe(0);
  });

  it('defines empty masks: both empty match, one empty has no overlap and infinite distance', () => {
    const size: Vec3 = [4, 4, 4];
    const empty = maskVolume(size, () => false);
    const full = maskVolume(size, box([1, 1, 1], [2, 2, 2]));
    expect(segmentationMetrics(empty, 1, empty, 1)).toMatchObject({ dice: 1, jaccard: 1, hausdorffMm: 0 });
    for (const [x, y] of [[empty, full], [full, empty]]) {
      expect(segmentationMetrics(x, 1, y, 1)).toMatchObject({ dice: 0, jaccard: 0, hausdorffMm: Infinity, hd95Mm: Infinity });
    }
  });

  it('respects anisotropic spacing: a one-voxel shift along z at 2.5 mm is 2.5 mm', () => {
    const size: Vec3 = [12, 12, 12];
    const spacing: Vec3 = [0.5, 0.5, 2.5];
    const a = maskVolume(size, box([2, 2, 2], [8, 8, 5]), spacing);
    const b = maskVolume(size, box([2, 2, 3], [8, 8, 6]), spacing);
    const m = segmentationMetrics(a, 1, b, 1);
    expect(m.hausdorffMm).toBeCloseTo(2.5, 12);
    const bx = maskVolume(size, box([3, 2, 2], [9, 8, 5]), spacing);
    expect(segmentationMetrics(a, 1, bx, 1).hausdorffMm).toBeCloseTo(0.5, 12);
  });

  it('finds the radius difference between concentric spheres (within a voxel)', () => {
    const size: Vec3 = [40, 40, 40];
    for (const spacing of [[1, 1, 1], [0.8, 0.8, 1.5]] as Vec3[]) {
      const centre: Vec3 = [20, 20, 20];
      const inner = maskVolume(size, sphere(centre, 9, spacing), spacing);
      const outer = maskVolume(size, sphere(centre, 15, spacing), spacing);
      const m = segmentationMetrics(inner, 1, outer, 1);
      const voxel = Math.max(...spacing);
      expect(Math.abs(m.hausdorffMm - 6)).toBeLessThanOrEqual(voxel);
      expect(Math.abs(m.hd95Mm - 6)).toBeLessThanOrEqual(voxel);
      expect(m.meanSurfaceMm).toBeGreaterThan(6 - voxel);
    }
  });

  it('counts a mask touching the image edge as having surface there', () => {
    const size: Vec3 = [5, 5, 5];
    const all = maskVolume(size, () => true);
    const inner = maskVolume(size, box([0, 0, 0], [4, 4, 3]));
    // the full image's surface at z = 4 is one voxel from the inner box's top face
    expect(segmentationMetrics(all, 1, inner, 1).hausdorffMm).toBe(1);
  });
});

describe('segmentation properties', () => {
  it('matches a brute-force O(n·m) computation of Dice, Jaccard, Hausdorff and HD95', () => {
    fc.assert(
      fc.property(maskPair, ({ size, spacing, a, b }) => {
        const m = segmentationMetrics(vol(size, a, spacing), 1, vol(size, b, spacing), 1);
        const ref = bruteMetrics(a, b, size, spacing);
        expect(m.dice).toBeCloseTo(ref.dice, 12);
        expect(m.jaccard).toBeCloseTo(ref.jaccard, 12);
        expect(m.hausdorffMm).toBeCloseTo(ref.hausdorff, 9);
        expect(m.hd95Mm).toBeCloseTo(ref.hd95, 9);
      }),
      { numRuns: 300 }
    );
  });

  // Larger masks: most surface voxels are found in the nearby-offsets search, islands far from
  // the other surface go to the k-d tree; both must give the brute-force distances.
  it('matches brute force on blobs with far islands, where both distance searches are used', () => {
    const blobs = fc.record({
      spacing: fc.tuple(fc.double({ min: 0.4, max: 2, noNaN: true }), fc.double({ min: 0.4, max: 2, noNaN: true }), fc.double({ min: 0.4, max: 3, noNaN: true })),
      a: fc.tuple(fc.integer({ min: 6, max: 12 }), fc.integer({ min: 6, max: 12 }), fc.integer({ min: 4, max: 8 }), fc.integer({ min: 3, max: 6 })),
      b: fc.tuple(fc.integer({ min: 6, max: 12 }), fc.integer({ min: 6, max: 12 }), fc.integer({ min: 4, max: 8 }), fc.integer({ min: 3, max: 6 })),
      island: fc.tuple(fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 15 }))
    });
    fc.assert(
      fc.property(blobs, ({ spacing, a, b, island }) => {
        const size: Vec3 = [30, 30, 16];
        const ball = ([cx, cy, cz, r]: number[]) => (x: number, y: number, z: number): boolean => (x - cx!) ** 2 + (y - cy!) ** 2 + ((z - cz!) * 1.5) ** 2 <= r! * r!;
        const inA = ball(a);
        const ma = maskVolume(size, (x, y, z) => inA(x, y, z) || (x === island[0] && y === island[1] && z === island[2]), spacing);
        const mb = maskVolume(size, ball(b), spacing);
        const m = segmentationMetrics(ma, 1, mb, 1);
        const ref = bruteMetrics(ma.data as Uint8Array, mb.data as Uint8Array, size, spacing);
        expect(m.dice).toBeCloseTo(ref.dice, 12);
        expect(m.hausdorffMm).toBeCloseTo(ref.hausdorff, 9);
        expect(m.hd95Mm).toBeCloseTo(ref.hd95, 9);
      }),
      { numRuns: 40 }
    );
  });

  it('Dice and Hausdorff are symmetric, bounded and consistent with Jaccard and HD95', () => {
    fc.assert(
      fc.property(maskPair, ({ size, spacing, a, b }) => {
        const ab = segmentationMetrics(vol(size, a, spacing), 1, vol(size, b, spacing), 1);
        const ba = segmentationMetrics(vol(size, b, spacing), 1, vol(size, a, spacing), 1);
        expect(ab.dice).toBeCloseTo(ba.dice, 12);
        expect(ab.hausdorffMm).toBeCloseTo(ba.hausdorffMm, 12);
        expect(ab.dice).toBeGreaterThanOrEqual(0);
        expect(ab.dice).toBeLessThanOrEqual(1);
        expect(ab.jaccard).toBeCloseTo(ab.dice / (2 - ab.dice), 12);
        expect(ab.hausdorffMm).toBeGreaterThanOrEqual(ab.hd95Mm);
      }),
      { numRuns: 300 }
    );
  });

  it('identical non-empty masks: Dice 1, Hausdorff 0; disjoint masks: Dice 0', () => {
    fc.assert(
      fc.property(maskPair, ({ size, spacing, a }) => {
        const same = segmentationMetrics(vol(size, a, spacing), 1, vol(size, a.slice(), spacing), 1);
        expect(same.dice).toBe(1);
        expect(same.hausdorffMm).toBe(0);
        const complement = a.map((v) => 1 - v);
        if (complement.includes(1)) {
          const disjoint = segmentationMetrics(vol(size, a, spacing), 1, vol(size, complement, spacing), 1);
          expect(disjoint.dice).toBe(0);
          expect(disjoint.hausdorffMm).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 }
    );
  });
});

describe('percentile (nearest rank)', () => {
  it('picks the smallest value with at least q of the values at or below it', () => {
    const values = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 0.95)).toBe(19);
    expect(percentile(values, 1)).toBe(20);
    expect(percentile(Float64Array.of(4), 0.95)).toBe(4);
    expect(percentile(new Float64Array(0), 0.95)).toBeNaN();
  });
});

describe('intensity metrics', () => {
  const size: Vec3 = [4, 1, 1];
  it('measures mean and max absolute difference and PSNR against the reference range', () => {
    const reference = vol(size, Float32Array.of(0, 10, 20, 100));
    const answer = vol(size, Float32Array.of(1, 10, 18, 100));
    const m = intensityMetrics(answer, reference);
    expect(m.meanAbsDiff).toBe(0.75);
    expect(m.maxAbsDiff).toBe(2);
    expect(m.psnrDb).toBeCloseTo(10 * Math.log10(100 ** 2 / (5 / 4)), 10);
  });

  it('gives infinite PSNR for identical images and finite PSNR for a constant reference', () => {
    const reference = vol(size, Int16Array.of(-1000, 0, 40, 3000));
    expect(intensityMetrics(vol(size, Int16Array.from(reference.data)), reference).psnrDb).toBe(Infinity);
    const flat = vol(size, Uint8Array.of(5, 5, 5, 5));
    expect(Number.isFinite(intensityMetrics(vol(size, Uint8Array.of(5, 5, 5, 6)), flat).psnrDb)).toBe(true);
  });
});
