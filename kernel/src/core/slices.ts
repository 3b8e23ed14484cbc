import type { IImageLike } from './format.js';

/** One 2D slice of an image as doubles, with its pixel spacing (row-major, top row first). */
export interface ISlice {
  width: number;
  height: number;
  spacing: [number, number];
  values: Float64Array;
}

export type Axis = 0 | 1 | 2;

type Indexable = ArrayLike<number | bigint>;

function values(image: IImageLike): Indexable {
  if (!image.data) throw new Error('the image has no pixel data (it was read with informationOnly?)');
  return image.data as unknown as Indexable;
}

/**
 * The slice at `index` across `axis` (0 = sagittal, 1 = coronal, 2 = axial for a 3D image);
 * a 2D image is its own slice. Rows of coronal and sagittal slices run superior → inferior, so
 * they are shown head up. Multi-component images show their first component.
 */
export function extractSlice(image: IImageLike, axis: Axis, index: number): ISlice {
  const data = values(image);
  const [sx = 1, sy = 1, sz = 1] = image.size;
  const [px = 1, py = 1, pz = 1] = image.spacing;
  const comps = image.imageType.components || 1;
  const at = (x: number, y: number, z: number): number => Number(data[((z * sy + y) * sx + x) * comps]);
  const dim = image.size.length;
  if (dim < 3) {
    const out = new Float64Array(sx * sy);
    for (let y = 0; y < sy; y++) for (let x = 0; x < sx; x++) out[y * sx + x] = at(x, y, 0);
    return { width: sx, height: sy, spacing: [px, py], values: out };
  }
  if (axis === 2) {
    const z = clamp(index, sz);
    const out = new Float64Array(sx * sy);
    for (let y = 0; y < sy; y++) for (let x = 0; x < sx; x++) out[y * sx + x] = at(x, y, z);
    return { width: sx, height: sy, spacing: [px, py], values: out };
  }
  if (axis === 1) {
    const y = clamp(index, sy);
    const out = new Float64Array(sx * sz);
    for (let z = 0; z < sz; z++) for (let x = 0; x < sx; x++) out[(sz - 1 - z) * sx + x] = at(x, y, z);
    return { width: sx, height: sz, spacing: [px, pz], values: out };
  }
  const x = clamp(index, sx);
  const out = new Float64Array(sy * sz);
  for (let z = 0; z < sz; z++) for (let y = 0; y < sy; y++) out[(sz - 1 - z) * sy + y] = at(x, y, z);
  return { width: sy, height: sz, spacing: [py, pz], values: out };
}

function clamp(i: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.round(i)));
}

/** Window centre/width from the 1st and 99th percentiles of a sample: robust to outliers (air, metal). */
export function autoWindow(image: IImageLike): { level: number; width: number } {
  const data = values(image);
  const n = data.length;
  const step = Math.max(1, Math.floor(n / 100_000));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) sample.push(Number(data[i]));
  sample.sort((a, b) => a - b);
  const lo = sample[Math.floor(sample.length * 0.01)] ?? 0;
  const hi = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))] ?? 1;
  const width = hi > lo ? hi - lo : 1;
  return { level: lo + width / 2, width };
}

/** Nearest-neighbour resampling so physical proportions hold, at most `maxSide` pixels a side. */
export function resample(slice: ISlice, maxSide = 256): ISlice {
  const physW = slice.width * slice.spacing[0];
  const physH = slice.height * slice.spacing[1];
  const scale = maxSide / Math.max(physW, physH);
  const outW = Math.max(1, Math.round(physW * scale));
  const outH = Math.max(1, Math.round(physH * scale));
  const out = new Float64Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(slice.height - 1, Math.floor((y / outH) * slice.height));
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(slice.width - 1, Math.floor((x / outW) * slice.width));
      out[y * outW + x] = slice.values[sy * slice.width + sx] ?? 0;
    }
  }
  return { width: outW, height: outH, spacing: [1 / scale, 1 / scale], values: out };
}

/** Window/level to grey bytes. */
export function windowed(values: Float64Array, level: number, width: number): Uint8Array {
  const out = new Uint8Array(values.length);
  const lo = level - width / 2;
  for (let i = 0; i < values.length; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, ((values[i] ?? 0) - lo) / width)));
  return out;
}

/** Distinct, colour-blind-friendly label colours (Okabe–Ito), label 1 first. */
export const LABEL_COLOURS: readonly [number, number, number][] = [
  [230, 159, 0],
  [86, 180, 233],
  [0, 158, 115],
  [240, 228, 66],
  [0, 114, 178],
  [213, 94, 0],
  [204, 121, 167]
];
