// Separable Gaussian smoothing with sigma in millimetres.
//
// Matches scipy.ndimage.gaussian_filter(x, sigma=sigmaMm / spacing, mode='reflect',
// truncate=4.0): the same sampled, normalised kernel of radius
// floor(truncate * sigma_vox + 0.5), and the same 'reflect' boundary
// (half-sample symmetric: d c b a | a b c d | d c b a). 'reflect' is scipy's
// default and, unlike zero padding, does not darken the image border.
import type { Image } from 'itk-wasm';
import { deriveImage, gridOf, scalarValues, type Grid } from './image-utils.js';

export const GAUSSIAN_TRUNCATE = 4.0;

/** scipy skips axes whose sigma is (numerically) zero; so do we. */
const MIN_SIGMA_VOXELS = 1e-15;

/** Normalised 1D kernel w[0..2r], centre at r, as scipy's _gaussian_kernel1d. */
export function gaussianKernel1d(sigmaVoxels: number, truncate = GAUSSIAN_TRUNCATE): Float64Array {
  const radius = Math.floor(truncate * sigmaVoxels + 0.5);
  const w = new Float64Array(2 * radius + 1);
  const a = -0.5 / (sigmaVoxels * sigmaVoxels);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(a * i * i);
    w[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** Index into [0, n) for scipy's 'reflect' mode, valid for any offset (period 2n). */
export function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - 1 - m;
}

function smoothX(src: Float64Array, dst: Float64Array, grid: Grid, w: Float64Array): void {
  const n = grid.nx;
  const r = (w.length - 1) / 2;
  const padded = new Float64Array(n + 2 * r);
  const rows = grid.ny * grid.nz;
  // Precomputed source positions keep the reflect arithmetic out of the hot loop.
  const pos = new Int32Array(n + 2 * r);
  for (let j = 0; j < pos.length; j++) pos[j] = reflectIndex(j - r, n);
  for (let row = 0; row < rows; row++) {
    const base = row * n;
    for (let j = 0; j < padded.length; j++) padded[j] = src[base + pos[j]];
    for (let x = 0; x < n; x++) {
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += w[k] * padded[x + k];
      dst[base + x] = acc;
    }
  }
}

/**
 * Axis with stride `stride` (nx for y, nx*ny for z). Whole contiguous runs of
 * `stride` values are combined at once so the inner loop walks memory linearly
 * instead of gathering a strided line, which is what makes y and z as fast as x.
 */
function smoothStrided(src: Float64Array, dst: Float64Array, n: number, stride: number, w: Float64Array): void {
  const r = (w.length - 1) / 2;
  const blockSize = stride * n;
  const blocks = src.length / blockSize;
  dst.fill(0);
  for (let b = 0; b < blocks; b++) {
    const blockBase = b * blockSize;
    for (let i = 0; i < n; i++) {
      const out = blockBase + i * stride;
      for (let k = -r; k <= r; k++) {
        const weight = w[k + r];
        const from = blockBase + reflectIndex(i + k, n) * stride;
        for (let j = 0; j < stride; j++) dst[out + j] += weight * src[from + j];
      }
    }
  }
}

/**
 * Gaussian smoothing with a per-axis standard deviation in physical units (mm):
 * a single number applies to every axis, an array gives (x, y[, z]) values.
 * Anisotropic spacing is handled by converting to voxels per axis.
 *
 * Output: float64 for float64 input, float32 otherwise (integers are promoted
 * because smoothing produces fractional values). Computation is in float64.
 */
export function gaussianSmooth(image: Image, sigmaMm: number | readonly number[]): Image {
  const grid = gridOf(image);
  const sigmas = typeof sigmaMm === 'number' ? new Array<number>(grid.dimension).fill(sigmaMm) : sigmaMm.slice();
  if (sigmas.length !== grid.dimension) {
    throw new Error(`gaussianSmooth: expected ${grid.dimension} sigma values, got ${sigmas.length}`);
  }
  for (const s of sigmas) {
    if (!(s >= 0) || !Number.isFinite(s)) throw new Error(`gaussianSmooth: sigma must be finite and >= 0 (got ${s})`);
  }
  let src = Float64Array.from(scalarValues(image));
  let dst = new Float64Array(src.length);
  const lengths = [grid.nx, grid.ny, grid.nz];
  const strides = [1, grid.nx, grid.nx * grid.ny];
  for (let axis = 0; axis < grid.dimension; axis++) {
    const sigmaVoxels = sigmas[axis] / grid.spacing[axis];
    if (sigmaVoxels <= MIN_SIGMA_VOXELS) continue;
    const w = gaussianKernel1d(sigmaVoxels);
    if (axis === 0) smoothX(src, dst, grid, w);
    else smoothStrided(src, dst, lengths[axis], strides[axis], w);
    [src, dst] = [dst, src];
  }
  if (image.imageType.componentType === 'float64') return deriveImage(image, src, 'float64');
  return deriveImage(image, Float32Array.from(src), 'float32');
}
