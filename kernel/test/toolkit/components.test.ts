import fc from 'fast-check';
import type { Image } from 'itk-wasm';
import { describe, expect, it } from 'vitest';
import { connectedComponents, largestComponent, makeImage, type Connectivity } from '../../src/toolkit/index.js';
import { maskArb, pixels } from './arbitraries.js';
import { decodeNumbers, fixtureImage, loadFixture, mismatches, type Encoded, type ImageName } from './fixtures.js';

interface ComponentsFixture {
  cases: { image: ImageName; connectivity: Connectivity; count: number; labels: Encoded; largest: Encoded }[];
}

const fixture = loadFixture<ComponentsFixture>('components.json');

// Tolerance: none — labels must equal scipy.ndimage.label's, including their numbering.
describe('connectedComponents vs scipy.ndimage.label', () => {
  for (const c of fixture.cases) {
    it(`${c.image}, ${c.connectivity}-connectivity`, () => {
      const mask = fixtureImage(c.image);
      const { labels, count } = connectedComponents(mask, c.connectivity);
      expect(count).toBe(c.count);
      expect(labels.imageType.componentType).toBe('uint32');
      expect(mismatches(pixels(labels), decodeNumbers(c.labels))).toBe(0);
      expect(mismatches(pixels(largestComponent(mask, c.connectivity)), decodeNumbers(c.largest))).toBe(0);
    });
  }
});

/** Independent reference: breadth-first flood fill over the full neighbour list, in raster order. */
function floodLabels(mask: Image, connectivity: Connectivity): number[] {
  const [nx, ny] = mask.size;
  const nz = mask.size[2] ?? 1;
  const maxNonZero = { 4: 1, 6: 1, 8: 2, 18: 2, 26: 3 }[connectivity];
  const m = pixels(mask);
  const labels = new Array<number>(m.length).fill(0);
  let next = 0;
  for (let start = 0; start < m.length; start++) {
    if (!m[start] || labels[start]) continue;
    labels[start] = ++next;
    const queue = [start];
    while (queue.length) {
      const i = queue.pop()!;
      const [x, y, z] = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
      for (let dz = -1; dz <= 1; dz++)
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const nonZero = Number(dx !== 0) + Number(dy !== 0) + Number(dz !== 0);
            if (nonZero === 0 || nonZero > maxNonZero) continue;
            const [a, b, c] = [x + dx, y + dy, z + dz];
            if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
            const j = a + nx * (b + ny * c);
            if (m[j] && !labels[j]) {
              labels[j] = next;
              queue.push(j);
            }
          }
    }
  }
  return labels;
}

const connectivities = (mask: Image): Connectivity[] => (mask.imageType.dimension === 3 ? [6, 18, 26] : [4, 8]);

/** Copy of `mask` inside a larger zero image, shifted by `shift` voxels per axis. */
function translate(mask: Image, shift: number[]): Image {
  const size = mask.size.map((s, d) => s + shift[d] + 2);
  const [nx, ny] = mask.size;
  const out = new Uint8Array(size.reduce((a, b) => a * b, 1));
  pixels(mask).forEach((v, i) => {
    const [x, y, z] = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
    const s = [x + shift[0], y + shift[1], z + (shift[2] ?? 0)];
    out[s[0] + size[0] * (s[1] + size[1] * s[2])] = v;
  });
  return makeImage({ size, spacing: mask.spacing, data: out, componentType: 'uint8' });
}

describe('connectedComponents properties', () => {
  it('equals an independent flood fill (same numbering) for every connectivity', () => {
    fc.assert(
      fc.property(maskArb(8), (mask) => {
        for (const conn of connectivities(mask)) {
          const { labels, count } = connectedComponents(mask, conn);
          const expected = floodLabels(mask, conn);
          expect(pixels(labels)).toEqual(expected);
          expect(count).toBe(Math.max(0, ...expected));
        }
      })
    );
  });

  it('count is invariant under translation and never grows with more connectivity', () => {
    fc.assert(
      fc.property(maskArb(8), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }), (mask, shift) => {
        const moved = translate(mask, shift.slice(0, mask.size.length));
        let previous = Infinity;
        for (const conn of connectivities(mask)) {
          const { count } = connectedComponents(mask, conn);
          expect(connectedComponents(moved, conn).count).toBe(count);
          expect(count).toBeLessThanOrEqual(previous);
          previous = count;
        }
      })
    );
  });

  it('largestComponent is a subset of the mask with the maximal component size', () => {
    fc.assert(
      fc.property(maskArb(8), (mask) => {
        const m = pixels(mask);
        const largest = pixels(largestComponent(mask));
        const sizes = new Map<number, number>();
        for (const l of pixels(connectedComponents(mask).labels)) if (l) sizes.set(l, (sizes.get(l) ?? 0) + 1);
        expect(largest.every((v, i) => v <= m[i])).toBe(true);
        expect(largest.reduce((a, b) => a + b, 0)).toBe(Math.max(0, ...sizes.values()));
      })
    );
  });

  it('rejects a connectivity that does not fit the dimension', () => {
    const mask = makeImage({ size: [2, 2], data: new Uint8Array(4), componentType: 'uint8' });
    expect(() => connectedComponents(mask, 26)).toThrow(/connectivity 26/);
  });
});
