import fc from 'fast-check';
import type { Image } from 'itk-wasm';
import { describe, expect, it } from 'vitest';
import { ballOffsets, binaryClose, binaryDilate, binaryErode, binaryOpen, makeImage } from '../../src/toolkit/index.js';
import { maskArb, pixels } from './arbitraries.js';
import { decodeNumbers, fixtureImage, loadFixture, mismatches, type Encoded, type ImageName } from './fixtures.js';

type Op = 'erode' | 'dilate' | 'open' | 'close';
interface MorphologyFixture {
  borderValue: number;
  cases: { image: ImageName; radiusMm: number; offsets: number[][]; expected: Record<Op, Encoded> }[];
}

const fixture = loadFixture<MorphologyFixture>('morphology.json');
const OPS: Record<Op, (m: Image, r: number) => Image> = { erode: binaryErode, dilate: binaryDilate, open: binaryOpen, close: binaryClose };

const sortOffsets = (o: number[][]): number[][] => o.map((v) => v.slice()).sort((a, b) => a.join(',').localeCompare(b.join(',')));

// Tolerance: none — binary results must equal scipy.ndimage.binary_* voxel for voxel.
describe('binary morphology vs scipy.ndimage (ball footprint, border_value=0)', () => {
  it('fixture uses border_value 0', () => expect(fixture.borderValue).toBe(0));
  for (const c of fixture.cases) {
    describe(`${c.image}, radius ${c.radiusMm} mm`, () => {
      const mask = fixtureImage(c.image);
      it('builds the same ball footprint', () => {
        expect(sortOffsets(ballOffsets(mask.spacing, c.radiusMm))).toEqual(sortOffsets(c.offsets));
      });
      for (const op of Object.keys(OPS) as Op[]) {
        it(op, () => {
          const out = OPS[op](mask, c.radiusMm);
          expect(mismatches(pixels(out), decodeNumbers(c.expected[op]))).toBe(0);
          expect(out.imageType.componentType).toBe('uint8');
          expect(out.spacing).toEqual(mask.spacing);
        });
      }
    });
  }
});

const radiusArb = fc.double({ min: 0, max: 4, noNaN: true });
const subset = (a: number[], b: number[]): boolean => a.every((v, i) => v <= b[i]);

describe('binary morphology properties', () => {
  it('erode ⊆ mask ⊆ dilate, and open ⊆ mask', () => {
    fc.assert(
      fc.property(maskArb(), radiusArb, (mask, r) => {
        const m = pixels(mask);
        expect(subset(pixels(binaryErode(mask, r)), m)).toBe(true);
        expect(subset(m, pixels(binaryDilate(mask, r)))).toBe(true);
        expect(subset(pixels(binaryOpen(mask, r)), m)).toBe(true);
      })
    );
  });

  it('opening is idempotent', () => {
    fc.assert(
      fc.property(maskArb(), radiusArb, (mask, r) => {
        const once = binaryOpen(mask, r);
        expect(pixels(binaryOpen(once, r))).toEqual(pixels(once));
      })
    );
  });

  it('closing contains the mask when the mask keeps clear of the border', () => {
    fc.assert(
      fc.property(maskArb(12), fc.double({ min: 0, max: 2, noNaN: true }), (mask, r) => {
        // Clear a margin as wide as the ball so the border_value=0 erosion cannot bite.
        const reach = mask.spacing.map((s) => Math.floor((r * (1 + 1e-9)) / s));
        const data = Uint8Array.from(pixels(mask));
        const [nx, ny] = mask.size;
        const nz = mask.size[2] ?? 1;
        for (let i = 0; i < data.length; i++) {
          const idx = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
          const n = [nx, ny, nz];
          if (idx.some((v, d) => d < mask.size.length && (v < reach[d] || v >= n[d] - reach[d]))) data[i] = 0;
        }
        const clear = makeImage({ size: mask.size, spacing: mask.spacing, data, componentType: 'uint8' });
        const closed = pixels(binaryClose(clear, r));
        expect(subset(Array.from(data), closed)).toBe(true);
        expect(pixels(binaryClose(binaryClose(clear, r), r))).toEqual(closed);
      })
    );
  });

  it('dilation equals the brute-force union of shifted masks', () => {
    fc.assert(
      fc.property(maskArb(7), radiusArb, (mask, r) => {
        const [nx, ny] = mask.size;
        const nz = mask.size[2] ?? 1;
        const m = pixels(mask);
        const expected = new Array<number>(m.length).fill(0);
        const offsets = ballOffsets(mask.spacing, r);
        for (let i = 0; i < m.length; i++) {
          if (!m[i]) continue;
          const [x, y, z] = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
          for (const [dx, dy, dz = 0] of offsets) {
            const [a, b, c] = [x + dx, y + dy, z + dz];
            if (a >= 0 && a < nx && b >= 0 && b < ny && c >= 0 && c < nz) expected[a + nx * (b + ny * c)] = 1;
          }
        }
        expect(pixels(binaryDilate(mask, r))).toEqual(expected);
      })
    );
  });

  it('a radius below every spacing is the identity; the ball follows physical spacing', () => {
    const mask = makeImage({ size: [5, 5], spacing: [1, 3], data: Uint8Array.from({ length: 25 }, (_, i) => (i === 12 ? 1 : 0)), componentType: 'uint8' });
    expect(pixels(binaryDilate(mask, 0.9))).toEqual(pixels(mask));
    // 2 mm reaches two voxels along x (1 mm) but none along y (3 mm).
    expect(pixels(binaryDilate(mask, 2))).toEqual(Array.from({ length: 25 }, (_, i) => (i >= 10 && i < 15 ? 1 : 0)));
    expect(() => binaryErode(mask, -1)).toThrow(/radius/);
    // (3 · 0.1)² evaluates to 0.09000000000000002 > 0.3², so without the slack the ball would lose its tips.
    expect(ballOffsets([0.1, 0.1], 0.3)).toContainEqual([3, 0]);
    expect(ballOffsets([0.1, 0.1], 0.3)).toContainEqual([0, -3]);
  });
});
