// Histograms with numpy.histogram's binning, and window/level for display.
//
// numpy assigns a value to the bin i with edges[i] <= v < edges[i+1] (the last
// bin is closed) where `edges` is np.linspace(lo, hi, bins + 1) evaluated in the
// image's float type. For float32 images those edges are float32 numbers, so we
// rebuild them with the same arithmetic (Math.fround) instead of exact decimals:
// otherwise a voxel lying between the float32 and float64 edge would land in a
// different bin than in numpy/skimage and fixture comparisons could not be exact.
import type { Image } from 'itk-wasm';
import { deriveImage, gridOf, scalarValues } from './image-utils.js';

export interface Histogram {
  /** counts[i] is the number of voxels in [edges[i], edges[i+1]) (last bin closed). */
  readonly counts: number[];
  /** bins + 1 edges. */
  readonly edges: number[];
}

const identity = (v: number): number => v;

export function valueRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error('histogram: image range is not finite (NaN/Inf or empty)');
  return [lo, hi];
}

/**
 * np.linspace(first, last, bins + 1, dtype=edgeType). `inFloat32` is true when
 * numpy evaluates the linspace itself in float32 (limits are float32 scalars
 * taken from a float32 image); otherwise it is evaluated in float64 and only the
 * result is rounded to the edge type.
 */
export function numpyEdges(first: number, last: number, bins: number, float32Edges: boolean, inFloat32: boolean): number[] {
  const r = inFloat32 ? Math.fround : identity;
  const out = float32Edges ? Math.fround : identity;
  const delta = r(last - first);
  const step = r(delta / bins);
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i < bins; i++) {
    edges[i] = step === 0 ? out(r(r(r(i / bins) * delta) + first)) : out(r(r(i * step) + first));
  }
  edges[bins] = out(last);
  return edges;
}

/**
 * Bin index per value (-1 when outside [lo, hi]), consistent with `edges`:
 * a first guess from the linear formula, then corrected against the actual
 * edges just as numpy does, so rounding never disagrees with the edges.
 */
export function binIndices(values: ArrayLike<number>, edges: readonly number[], lo: number, hi: number): Int32Array {
  const bins = edges.length - 1;
  const first = edges[0];
  const scale = bins / (edges[bins] - first);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      out[i] = -1;
      continue;
    }
    let b = Math.floor((v - first) * scale);
    if (b >= bins) b = bins - 1;
    if (b < 0) b = 0;
    while (b > 0 && v < edges[b]) b--;
    while (b < bins - 1 && v >= edges[b + 1]) b++;
    out[i] = b;
  }
  return out;
}

/**
 * Histogram with `bins` equal-width bins over `range` (default: the image's
 * min..max; an empty range is widened by ±0.5 like numpy). Values outside the
 * range are not counted. Same result as numpy.histogram(data, bins, range).
 */
export function histogram(image: Image, bins: number, range?: readonly [number, number]): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram: bins must be a positive integer (got ${bins})`);
  const values = scalarValues(image);
  const isF32 = image.imageType.componentType === 'float32';
  let first: number;
  let last: number;
  let inFloat32 = false;
  if (range) {
    [first, last] = range;
    if (!(first <= last) || !Number.isFinite(first) || !Number.isFinite(last)) throw new Error(`histogram: invalid range [${first}, ${last}]`);
  } else {
    [first, last] = valueRange(values);
    inFloat32 = isF32;
  }
  if (first === last) {
    const r = inFloat32 ? Math.fround : identity;
    first = r(first - 0.5);
    last = r(last + 0.5);
  }
  const edges = numpyEdges(first, last, bins, isF32, inFloat32);
  const idx = binIndices(values, edges, first, last);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < idx.length; i++) if (idx[i] >= 0) counts[idx[i]]++;
  return { counts, edges };
}

/**
 * Display mapping to uint8: [level - window/2, level + window/2] maps linearly
 * onto [0, 255], values outside are clamped, rounding is half-up
 * (floor(x + 0.5)) so the result does not depend on banker's rounding.
 */
export function windowLevel(image: Image, window: number, level: number): Image {
  if (!(window > 0) || !Number.isFinite(window) || !Number.isFinite(level)) {
    throw new Error(`windowLevel: window must be > 0 and finite (got window ${window}, level ${level})`);
  }
  gridOf(image);
  const values = scalarValues(image);
  const lower = level - window / 2;
  const scale = 255 / window;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.floor((values[i] - lower) * scale + 0.5);
    // NaN compares false everywhere and would become 0 through the Uint8Array store anyway.
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : v;
  }
  return deriveImage(image, out, 'uint8');
}
