// Loading of the scipy/skimage reference fixtures written by
// kernel/scripts/make-toolkit-fixtures.py (see that script for the format).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Image, TypedArray } from 'itk-wasm';
import { makeImage } from '../../src/toolkit/index.js';

const DIR = fileURLToPath(new URL('../../fixtures/toolkit/', import.meta.url));

export type Dtype = 'float32' | 'float64' | 'int16' | 'uint8' | 'uint16' | 'uint32';

export interface Encoded {
  dtype: Dtype;
  b64: string;
}

interface FixtureImage {
  size: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
  data: Encoded;
}

export type ImageName = 'vol3d' | 'vol3dInt16' | 'img2d' | 'img2dUint8' | 'tiny3d' | 'mask3d' | 'mask2d';

const CONSTRUCTORS = {
  float32: Float32Array,
  float64: Float64Array,
  int16: Int16Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array
} as const;

/** Fixture buffers are little-endian, as is every platform Node and browsers run on here. */
export function decode(e: Encoded): TypedArray {
  const bytes = Buffer.from(e.b64, 'base64');
  // Copy into a fresh ArrayBuffer: Buffer's pooled memory is not aligned for Float64Array.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return new CONSTRUCTORS[e.dtype](buffer);
}

export function decodeNumbers(e: Encoded): number[] {
  return Array.from(decode(e) as ArrayLike<number>);
}

/** Parsed JSON; the shape is the test's declaration, checked by the assertions that use it. */
export function loadFixture<T>(file: string): T {
  return JSON.parse(readFileSync(DIR + file, 'utf8')) as T;
}

let images: Record<ImageName, FixtureImage> | undefined;

export function fixtureImage(name: ImageName): Image {
  images ??= loadFixture<{ images: Record<ImageName, FixtureImage> }>('images.json').images;
  const f = images[name];
  return makeImage({
    size: f.size,
    spacing: f.spacing,
    origin: f.origin,
    direction: f.direction,
    data: decode(f.data),
    componentType: f.data.dtype,
    name
  });
}

export function values(image: Image): number[] {
  if (image.data === null) throw new Error('image without data');
  return Array.from(image.data as ArrayLike<number>);
}

/** Count of positions where two equal-length arrays differ, for readable failure messages. */
export function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Math.max(actual.length, expected.length);
  let n = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) n++;
  return n;
}
