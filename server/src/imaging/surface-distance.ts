import { borderVoxels } from './masks.js';
import { PointTree } from './point-tree.js';
import type { Vec3 } from './volume.js';

export interface ISurfaceDistances {
  /** For each surface voxel of A, the distance in mm to the nearest surface voxel of B. */
  aToB: Float64Array;
  bToA: Float64Array;
}

/**
 * Directed surface-to-surface distances between two masks on the same (cropped) grid.
 *
 * Only surface voxels matter, so instead of a distance transform of the whole image each
 * surface goes into a k-d tree and the other surface's voxels query it: exact Euclidean
 * distances in O(s log s) for s surface voxels, independent of the image size. Distances are
 * along the index axes scaled by spacing, i.e. exact for the orthonormal directions scanners
 * produce.
 */
export function surfaceDistances(maskA: Uint8Array, maskB: Uint8Array, dims: Vec3, spacing: Vec3): ISurfaceDistances {
  const borderA = borderVoxels(maskA, dims);
  const borderB = borderVoxels(maskB, dims);
  // A voxel on both surfaces is at distance 0 without a search; with a close answer that is most of them.
  const onSurface = new Uint8Array(maskA.length);
  for (const i of borderA) onSurface[i] |= 1;
  for (const i of borderB) onSurface[i] |= 2;
  return {
    aToB: distancesTo(borderB, borderA, onSurface, 2, dims, spacing),
    bToA: distancesTo(borderA, borderB, onSurface, 1, dims, spacing)
  };
}

function distancesTo(
  targets: Int32Array, probes: Int32Array, onSurface: Uint8Array, targetBit: number, dims: Vec3, spacing: Vec3
): Float64Array {
  const result = new Float64Array(probes.length);
  if (targets.length === 0) return result.fill(Infinity);
  const tree = new PointTree(positions(targets, dims, spacing));
  const [nx, ny] = dims;
  const [sx, sy, sz] = spacing;
  let hint = -1;
  for (let p = 0; p < probes.length; p++) {
    const i = probes[p];
    if ((onSurface[i] & targetBit) !== 0) continue; // stays 0
    const x = i % nx;
    const rest = (i - x) / nx;
    const y = rest % ny;
    const z = (rest - y) / ny;
    // Probes come in raster order, so the previous answer is usually near this one's.
    result[p] = Math.sqrt(tree.nearestSquared(x * sx, y * sy, z * sz, hint));
    hint = tree.lastIndex;
  }
  return result;
}

/** Physical offsets (mm, relative to the crop corner) of crop voxel indices. */
function positions(indices: Int32Array, dims: Vec3, spacing: Vec3): Float64Array {
  const [nx, ny] = dims;
  const out = new Float64Array(3 * indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const x = i % nx;
    const rest = (i - x) / nx;
    const y = rest % ny;
    out[3 * k] = x * spacing[0];
    out[3 * k + 1] = y * spacing[1];
    out[3 * k + 2] = ((rest - y) / ny) * spacing[2];
  }
  return out;
}

/**
 * Nearest-rank percentile: the smallest observed value with at least `q`·100 % of values at or
 * below it. Always one of the measured distances, so HD95 ≤ HD holds by construction.
 */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export interface ISurfaceSummary {
  /** Hausdorff distance: the largest distance in either direction. */
  hausdorffMm: number;
  /**
   * HD95: the 95th nearest-rank percentile of the POOLED symmetric surface distances, i.e. of
   * A→B and B→A distances together (some tools instead take the larger of the two directed
   * 95th percentiles; pooling weights each surface voxel once, whichever mask it belongs to).
   */
  hd95Mm: number;
  /** Average symmetric surface distance: the mean of the pooled distances. */
  meanMm: number;
}

export function summariseSurfaceDistances({ aToB, bToA }: ISurfaceDistances): ISurfaceSummary {
  const pooled = new Float64Array(aToB.length + bToA.length);
  pooled.set(aToB);
  pooled.set(bToA, aToB.length);
  pooled.sort();
  let sum = 0;
  for (const v of pooled) sum += v;
  return {
    hausdorffMm: pooled.length === 0 ? 0 : pooled[pooled.length - 1],
    hd95Mm: pooled.length === 0 ? 0 : percentile(pooled, 0.95),
    meanMm: pooled.length === 0 ? 0 : sum / pooled.length
  };
}
