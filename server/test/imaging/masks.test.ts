import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { borderVoxels, scanLabel } from '../../src/imaging/masks.js';
import { selectKth, surfaceDistances } from '../../src/imaging/surface-distance.js';
import { bruteBorder, bruteDirected } from './brute-force.js';
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

describe('borderVoxels', () => {
  // It skips the background run by run with indexOf: runs that end at a row's end, fill a whole
  // row, start at index 0, or sit on the crop's edge rows must all come out as by definition.
  it('finds exactly the voxels the definition names, in index order, on any mask shape', () => {
    const masks = fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
      .chain(([nx, ny, nz]) =>
        fc.record({
          dims: fc.constant<Vec3>([nx, ny, nz]),
          // Mostly foreground, so long runs and whole interior rows occur.
          values: fc.array(fc.constantFrom(0, 1, 1, 1), { minLength: nx * ny * nz, maxLength: nx * ny * nz })
        })
      );
    fc.assert(
      fc.property(masks, ({ dims, values }) => {
        const mask = Uint8Array.from(values);
        const [nx, ny] = dims;
        expect(Array.from(borderVoxels(mask, dims))).toEqual(bruteBorder(mask, dims).map(([x, y, z]) => (z * ny + y) * nx + x));
      }),
      { numRuns: 600 }
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

describe('surfaceDistances', () => {
  // Most probes take the path without bounds checks (their whole neighbourhood inside the crop);
  // those near the crop's edge check every offset. Small crops with surface everywhere put many
  // probes at, and one voxel inside, that boundary, where an index that wrapped into the next
  // row would find a false nearer target.
  it('gives each surface voxel its exact distance to the other surface, near the crop edge too', () => {
    const pairs = fc
      .tuple(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 14 }), fc.constantFrom<Vec3>([1, 1, 1], [0.8, 0.8, 1.5], [0.5, 2, 1]), fc.constantFrom(4, 40, 400))
      .chain(([nx, ny, nz, spacing, sparseness]) => {
        // Dense masks put surface everywhere; sparse ones make the nearest target far, so a
        // probe looks through most of its neighbourhood, out to the crop's edge.
        const voxels = fc.array(fc.integer({ min: 0, max: sparseness - 1 }).map((v) => (v === 0 ? 1 : 0)), { minLength: nx * ny * nz, maxLength: nx * ny * nz });
        return fc.record({ dims: fc.constant<Vec3>([nx, ny, nz]), spacing: fc.constant(spacing), a: voxels, b: voxels });
      });
    fc.assert(
      fc.property(pairs, ({ dims, spacing, a, b }) => {
        const maskA = Uint8Array.from(a);
        const maskB = Uint8Array.from(b);
        const { aToB, bToA } = surfaceDistances(maskA, maskB, dims, spacing);
        const surfaceA = bruteBorder(maskA, dims);
        const surfaceB = bruteBorder(maskB, dims);
        const close = (got: Float64Array, want: number[]): void => {
          expect(got.length).toBe(want.length);
          got.forEach((d, k) => expect(d).toBeCloseTo(want[k]!, 9));
        };
        if (surfaceB.length > 0) close(aToB, bruteDirected(surfaceA, surfaceB, spacing));
        if (surfaceA.length > 0) close(bToA, bruteDirected(surfaceB, surfaceA, spacing));
      }),
      { numRuns: 300 }
    );
  });

  it('never takes a voxel at the other end of the previous row for a near one', () => {
    // 1 mm voxels search 4 voxels out along x. The probe at x = 3 is the first whose search
    // would leave the crop at x = -1, the index of the previous row's last voxel, where the
    // only target is: 8.06 mm away, not 4.
    const dims: Vec3 = [12, 12, 12];
    const at = (x: number, y: number, z: number): number => (z * 12 + y) * 12 + x;
    for (const [probe, target] of [[at(3, 6, 6), at(11, 5, 6)], [at(8, 6, 6), at(0, 7, 6)], [at(6, 3, 6), at(6, 11, 5)]] as const) {
      const a = new Uint8Array(12 ** 3);
      const b = new Uint8Array(12 ** 3);
      a[probe] = 1;
      b[target] = 1;
      const { aToB } = surfaceDistances(a, b, dims, [1, 1, 1]);
      expect(aToB[0]).toBeCloseTo(Math.sqrt(65), 9);
    }
  });
});
