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
  const [nx, ny, nz] = dims;
  const near = nearOffsets(spacing, dims);
  let tree: PointTree | null = null;
  let hint = -1;
  for (let p = 0; p < probes.length; p++) {
    const i = probes[p];
    if ((onSurface[i] & targetBit) !== 0) continue; // stays 0
    const x = i % nx;
    const rest = (i - x) / nx;
    const y = rest % ny;
    const z = (rest - y) / ny;
    // Nearby first: offsets in order of distance, so the first target met is the nearest. A
    // probe whose whole neighbourhood lies inside the crop (most of them) needs no bounds
    // checks: only the bitmap is read (~10.3 → ~7.4 ms per direction on the bench masks).
    const inside = x >= near.reach[0] && x < nx - near.reach[0] && y >= near.reach[1] && y < ny - near.reach[1] && z >= near.reach[2] && z < nz - near.reach[2];
    const found = inside ? nearestInside(near, onSurface, i, targetBit) : nearestAtEdge(near, onSurface, i, targetBit, x, y, z, dims);
    if (found >= 0) {
      result[p] = Math.sqrt(near.squared[found]);
      continue;
    }
    // Farther than the whole neighbourhood (an island, a missed part): the k-d tree, built on first need.
    tree ??= new PointTree(positions(targets, dims, spacing));
    result[p] = Math.sqrt(tree.nearestSquared(x * spacing[0], y * spacing[1], z * spacing[2], hint));
    hint = tree.lastIndex;
  }
  return result;
}

/** The index of the nearest offset from crop voxel `i` that reaches a target, or -1; every offset lies inside the crop. */
function nearestInside(near: INearOffsets, onSurface: Uint8Array, i: number, targetBit: number): number {
  const { delta, count } = near;
  for (let k = 0; k < count; k++) if ((onSurface[i + delta[k]] & targetBit) !== 0) return k;
  return -1;
}

/** The same for a voxel near the crop's edge: offsets that leave the crop are skipped. */
function nearestAtEdge(near: INearOffsets, onSurface: Uint8Array, i: number, targetBit: number, x: number, y: number, z: number, dims: Vec3): number {
  const [nx, ny, nz] = dims;
  for (let k = 0; k < near.count; k++) {
    const ox = x + near.dx[k];
    const oy = y + near.dy[k];
    const oz = z + near.dz[k];
    if (ox < 0 || oy < 0 || oz < 0 || ox >= nx || oy >= ny || oz >= nz) continue;
    if ((onSurface[i + near.delta[k]] & targetBit) !== 0) return k;
  }
  return -1;
}

interface INearOffsets {
  count: number;
  /** The largest |offset| along each axis. */
  reach: Vec3;
  dx: Int32Array;
  dy: Int32Array;
  dz: Int32Array;
  /** Index difference on the crop grid. */
  delta: Int32Array;
  squared: Float64Array;
}

/** About how many offsets the neighbourhood holds, whatever the spacing. */
const NEAR_OFFSETS = 400;

/**
 * Every voxel offset within a radius, nearest first. Most surface voxels of a fair answer lie
 * within a voxel or two of the other surface, so most searches end after a few lookups in the
 * surface bitmap instead of a tree descent; the list is complete within the radius, so the
 * first target met is the nearest (ties give the same distance). The radius holds about
 * NEAR_OFFSETS voxels (4.5 mm at 0.8×0.8×1.5 mm), so odd spacings cannot make it huge.
 */
function nearOffsets(spacing: Vec3, dims: Vec3): INearOffsets {
  const radius = Math.cbrt((3 * NEAR_OFFSETS * spacing[0] * spacing[1] * spacing[2]) / (4 * Math.PI));
  const reach = spacing.map((s) => Math.floor(radius / s));
  const list: Array<[number, number, number, number]> = [];
  for (let dz = -reach[2]; dz <= reach[2]; dz++) {
    for (let dy = -reach[1]; dy <= reach[1]; dy++) {
      for (let dx = -reach[0]; dx <= reach[0]; dx++) {
        const d2 = (dx * spacing[0]) ** 2 + (dy * spacing[1]) ** 2 + (dz * spacing[2]) ** 2;
        if (d2 <= radius * radius) list.push([dx, dy, dz, d2]);
      }
    }
  }
  list.sort((a, b) => a[3] - b[3]);
  return {
    count: list.length,
    reach: [reach[0], reach[1], reach[2]],
    dx: Int32Array.from(list, (o) => o[0]),
    dy: Int32Array.from(list, (o) => o[1]),
    dz: Int32Array.from(list, (o) => o[2]),
    delta: Int32Array.from(list, (o) => o[0] + dims[0] * (o[1] + dims[1] * o[2])),
    squared: Float64Array.from(list, (o) => o[3])
  };
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
  const n = aToB.length + bToA.length;
  if (n === 0) return { hausdorffMm: 0, hd95Mm: 0, meanMm: 0 };
  const pooled = new Float64Array(n);
  pooled.set(aToB);
  pooled.set(bToA, aToB.length);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = pooled[i];
    sum += v;
    if (v > max) max = v;
  }
  // Only one rank is needed, so a selection (linear) instead of a sort (n log n, ~7 ms here).
  const rank = Math.min(n, Math.max(1, Math.ceil(0.95 * n)));
  return { hausdorffMm: max, hd95Mm: selectKth(pooled, rank - 1), meanMm: sum / n };
}

/** The k-th smallest value (0-based) of `values`, which it reorders (Hoare's quickselect). */
export function selectKth(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const pivot = values[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k];
}
