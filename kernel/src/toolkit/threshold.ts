// Intensity thresholds producing uint8 0/1 masks.
import type { Image } from 'itk-wasm';
import { binIndices, numpyEdges, valueRange } from './histogram.js';
import { deriveMask, isIntegerComponent, scalarValues } from './image-utils.js';

export interface OtsuResult {
  /** Voxels strictly above the threshold are foreground (skimage's convention). */
  readonly threshold: number;
  readonly mask: Image;
}

/** Beyond this many integer levels a one-bin-per-value histogram stops being sensible. */
const MAX_INTEGER_LEVELS = 1 << 24;

interface OtsuHistogram {
  counts: Float64Array;
  centers: Float64Array;
  /** Whether skimage's arithmetic on these centers happens in float32. */
  float32: boolean;
}

/**
 * skimage.exposure.histogram(source_range='image') as used by threshold_otsu:
 * integer images get one bin per integer value between min and max (`bins` is
 * ignored, as in skimage); float images get np.histogram with `bins` bins over
 * [min, max] and the bin centres (e[i] + e[i+1]) / 2 in the image's float type.
 */
function otsuHistogram(values: ArrayLike<number>, integer: boolean, float32: boolean, bins: number): OtsuHistogram {
  const [lo, hi] = valueRange(values);
  if (integer && hi - lo < MAX_INTEGER_LEVELS) {
    const counts = new Float64Array(hi - lo + 1);
    for (let i = 0; i < values.length; i++) counts[values[i] - lo]++;
    const centers = new Float64Array(counts.length);
    for (let i = 0; i < centers.length; i++) centers[i] = lo + i;
    return { counts, centers, float32: false };
  }
  // Huge integer ranges (deviation from skimage, which would allocate them) and floats.
  const edges = numpyEdges(lo, hi, bins, float32, float32);
  const idx = binIndices(values, edges, lo, hi);
  const counts = new Float64Array(bins);
  for (let i = 0; i < idx.length; i++) counts[idx[i]]++;
  const r = float32 ? Math.fround : (v: number) => v;
  const centers = new Float64Array(bins);
  for (let i = 0; i < bins; i++) centers[i] = r(r(edges[i] + edges[i + 1]) / 2);
  return { counts, centers, float32 };
}

/**
 * Index of the bin maximising the between-class variance, replaying
 * skimage.filters.threshold_otsu step by step. skimage casts the counts to
 * float32, so cumulative weights are float32 sums; reproducing that rounding
 * (Math.fround) keeps near-ties resolved the same way as the reference.
 */
function otsuBin(h: OtsuHistogram): number {
  const n = h.counts.length;
  const f = Math.fround;
  const r = h.float32 ? Math.fround : (v: number) => v;
  const w1 = new Float64Array(n);
  const w2 = new Float64Array(n);
  const m1 = new Float64Array(n);
  const m2 = new Float64Array(n);
  let acc = 0;
  let accM = 0;
  for (let i = 0; i < n; i++) {
    acc = f(acc + h.counts[i]);
    accM = r(accM + r(h.counts[i] * h.centers[i]));
    w1[i] = acc;
    m1[i] = r(accM / acc);
  }
  acc = 0;
  accM = 0;
  for (let i = n - 1; i >= 0; i--) {
    acc = f(acc + h.counts[i]);
    accM = r(accM + r(h.counts[i] * h.centers[i]));
    w2[i] = acc;
    m2[i] = r(accM / acc);
  }
  let best = 0;
  let bestVar = -Infinity;
  for (let i = 0; i < n - 1; i++) {
    const d = r(m1[i] - m2[i + 1]);
    const v = r(f(w1[i] * w2[i + 1]) * r(d * d));
    if (v > bestVar) {
      bestVar = v;
      best = i;
    }
  }
  return best;
}

/**
 * Otsu's threshold, equal to skimage.filters.threshold_otsu(data, nbins=bins)
 * (see otsuHistogram for how `bins` applies). The mask is data > threshold.
 * A constant image returns that value and an empty mask, as skimage does.
 */
export function otsuThreshold(image: Image, bins = 256): OtsuResult {
  if (!Number.isInteger(bins) || bins < 2) throw new Error(`otsuThreshold: bins must be an integer >= 2 (got ${bins})`);
  const values = scalarValues(image);
  const componentType = image.imageType.componentType;
  let threshold: number;
  let constant = true;
  for (let i = 1; i < values.length && constant; i++) constant = values[i] === values[0];
  if (constant) {
    threshold = values[0];
  } else {
    const h = otsuHistogram(values, isIntegerComponent(componentType), componentType === 'float32', bins);
    threshold = h.centers[otsuBin(h)];
  }
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) mask[i] = values[i] > threshold ? 1 : 0;
  return { threshold, mask: deriveMask(image, mask) };
}

/** Mask of lower <= value <= upper (both inclusive, as ITK's BinaryThresholdImageFilter). */
export function binaryThreshold(image: Image, lower: number, upper: number): Image {
  if (Number.isNaN(lower) || Number.isNaN(upper) || lower > upper) {
    throw new Error(`binaryThreshold: need lower <= upper (got ${lower}, ${upper})`);
  }
  const values = scalarValues(image);
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) mask[i] = values[i] >= lower && values[i] <= upper ? 1 : 0;
  return deriveMask(image, mask);
}
