import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squaredEdt } from '../../src/imaging/edt.js';
import { PointTree } from '../../src/imaging/point-tree.js';
import type { Vec3 } from '../../src/imaging/volume.js';

const coord = fc.double({ min: -50, max: 50, noNaN: true });
const point = fc.tuple(coord, coord, coord);

describe('PointTree', () => {
  it('finds the exact nearest distance, whatever the hint', () => {
    fc.assert(
      fc.property(
        // integer-ish clusters create many ties on the splitting planes
        fc.array(fc.oneof(point, fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.constant(0))), { minLength: 1, maxLength: 120 }),
        fc.array(point, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: -1, max: 200 }),
        (points, queries, hint) => {
          const tree = new PointTree(Float64Array.from(points.flat()));
          for (const [x, y, z] of queries) {
            const expected = Math.min(...points.map((p) => (p[0] - x) ** 2 + (p[1] - y) ** 2 + (p[2] - z) ** 2));
            expect(tree.nearestSquared(x, y, z, hint)).toBeCloseTo(expected, 9);
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('reports Infinity for an empty tree', () => {
    expect(new PointTree(new Float64Array(0)).nearestSquared(1, 2, 3)).toBe(Infinity);
  });
});

describe('squaredEdt', () => {
  it('equals brute force with anisotropic spacing', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 })),
        fc.tuple(fc.double({ min: 0.2, max: 4, noNaN: true }), fc.double({ min: 0.2, max: 4, noNaN: true }), fc.double({ min: 0.2, max: 4, noNaN: true })),
        fc.array(fc.nat(), { maxLength: 6 }),
        (size, spacing, picks) => {
          const dims = size as Vec3;
          const n = dims[0] * dims[1] * dims[2];
          const sites = new Uint8Array(n);
          for (const p of picks) sites[p % n] = 1;
          const edt = squaredEdt(sites, dims, spacing as Vec3);
          const at = (i: number): Vec3 => [i % dims[0], Math.floor(i / dims[0]) % dims[1], Math.floor(i / (dims[0] * dims[1]))];
          for (let i = 0; i < n; i++) {
            let best = Infinity;
            for (let j = 0; j < n; j++) {
              if (!sites[j]) continue;
              const [a, b] = [at(i), at(j)];
              best = Math.min(best, a.reduce((s, v, k) => s + ((v - b[k]) * spacing[k]) ** 2, 0));
            }
            if (best === Infinity) expect(edt[i]).toBe(Infinity);
            else expect(edt[i]).toBeCloseTo(best, 9);
          }
        }
      ),
      { numRuns: 200 }
    );
  });
});
