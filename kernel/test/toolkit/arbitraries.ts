// fast-check generators for small 2D/3D images with anisotropic spacing.
import fc from 'fast-check';
import type { Image } from 'itk-wasm';
import { makeImage } from '../../src/toolkit/index.js';

const spacingArb = fc.double({ min: 0.3, max: 3, noNaN: true, noDefaultInfinity: true });

/** Sizes and spacings per axis, (x, y[, z]) order. */
export const gridArb = (maxSide: number): fc.Arbitrary<{ size: number[]; spacing: number[] }> =>
  fc.constantFrom(2, 3).chain((dim) =>
    fc.record({
      size: fc.array(fc.integer({ min: 1, max: maxSide }), { minLength: dim, maxLength: dim }),
      spacing: fc.array(spacingArb, { minLength: dim, maxLength: dim })
    })
  );

/** Binary uint8 masks; `density` (0..10) sets how much is foreground so blobs and holes both occur. */
export const maskArb = (maxSide = 9): fc.Arbitrary<Image> =>
  fc.tuple(gridArb(maxSide), fc.integer({ min: 1, max: 9 })).chain(([grid, density]) => {
    const n = grid.size.reduce((a, b) => a * b, 1);
    return fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n })
      .map((cells) => makeImage({ ...grid, data: Uint8Array.from(cells, (c) => (c < density ? 1 : 0)), componentType: 'uint8' }));
  });

/** Float32 images with values in [-100, 100]. */
export const floatImageArb = (maxSide = 8): fc.Arbitrary<Image> =>
  gridArb(maxSide).chain((grid) => {
    const n = grid.size.reduce((a, b) => a * b, 1);
    return fc
      .array(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })
      .map((cells) => makeImage({ ...grid, data: Float32Array.from(cells), componentType: 'float32' }));
  });

export function pixels(image: Image): number[] {
  if (image.data === null) throw new Error('image without data');
  return Array.from(image.data as ArrayLike<number>);
}

/** x-fastest linear index, 2D images having nz = 1. */
export function linear(size: readonly number[], x: number, y: number, z = 0): number {
  return x + size[0] * (y + size[1] * z);
}
