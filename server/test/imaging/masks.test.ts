import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanLabel } from '../../src/imaging/masks.js';
import { selectKth } from '../../src/imaging/surface-distance.js';
import type { Vec3 } from '../../src/imaging/volume.js';

/** The label's count and box, read voxel by voxel. */
function bruteScan(data: ArrayLike<number>, [nx, ny, nz]: Vec3, label: number): { count: number; box: { lo: Vec3; hi: Vec3 } | null } {
  let count = 0;
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-1, -1, -1];
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        if (data[(z * ny + y) * nx + x] !== label) continue;
        count++;
        [x, y, z].forEach((v, i) => {
          lo[i] = Math.min(lo[i], v);
          hi[i] = Math.max(hi[i], v);
        });
      }
    }
  }
  return { count, box: count === 0 ? null : { lo, hi } };
}

describe('scanLabel', () => {
  // Integer label maps take a path that skips the background with indexOf; float ones read every voxel.
  it('finds the same count and box for every voxel type, labels at the very first and last voxels included', () => {
    const labelMap = fc
      .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }))
      .chain(([nx, ny, nz]) =>
        fc.record({
          size: fc.constant<Vec3>([nx, ny, nz]),
          values: fc.array(fc.constantFrom(0, 0, 0, 1, 2, 300), { minLength: nx * ny * nz, maxLength: nx * ny * nz }),
          label: fc.constantFrom(1, 2, 300)
        })
      );
    fc.assert(
      fc.property(labelMap, ({ size, values, label }) => {
        const expected = bruteScan(values, size, label);
        for (const data of [Uint16Array.from(values), Int32Array.from(values), Float32Array.from(values), Uint8Array.from(values.map((v) => (v === 300 ? 3 : v)))]) {
          const want = data instanceof Uint8Array && label === 300 ? bruteScan(data, size, 300) : expected;
          expect(scanLabel(data, size, label)).toEqual(want);
        }
      }),
      { numRuns: 400 }
    );
  });
});

describe('selectKth', () => {
  it('picks what sorting would put at k, with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0, 0, 0.8, 1.5, 1.7, 2.4, 16.8), { minLength: 1, maxLength: 200 }), fc.nat(), (values, at) => {
        const k = at % values.length;
        const sorted = Float64Array.from(values).sort();
        expect(selectKth(Float64Array.from(values), k)).toBe(sorted[k]);
      }),
      { numRuns: 500 }
    );
  });
});
