import type { Vec3, VoxelArray } from './volume.js';

/** An inclusive index box. */
export interface IBox {
  lo: Vec3;
  hi: Vec3;
}

export interface ILabelScan {
  /** Voxels carrying the label. */
  count: number;
  /** Their bounding box, or null when there are none. */
  box: IBox | null;
}

/**
 * Label maps saved as float (common after a numpy round trip) hold integers exactly, but a
 * scl_slope can add rounding noise; matching within ±0.5 is exact for integer types and
 * tolerant of that noise for float ones, with one loop for every array type.
 */
function labelRange(label: number): [number, number] {
  return [label - 0.5, label + 0.5];
}

/** One pass over the whole image: how many voxels carry `label` and where they are. */
export function scanLabel(data: VoxelArray, size: Vec3, label: number): ILabelScan {
  if (Number.isInteger(label) && !(data instanceof Float32Array || data instanceof Float64Array)) return scanIntegerLabel(data, size, label);
  const [nx, ny, nz] = size;
  const [lo, hi] = labelRange(label);
  let count = 0;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  for (let z = 0, row = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++, row += nx) {
      let first = -1;
      let last = -1;
      for (let x = 0; x < nx; x++) {
        const v = data[row + x];
        if (v >= lo && v < hi) {
          if (first < 0) first = x;
          last = x;
          count++;
        }
      }
      if (first >= 0) extendBox(min, max, first, last, y, z);
    }
  }
  return { count, box: count === 0 ? null : { lo: min, hi: max } };
}

/**
 * scanLabel for integer voxel types, where ±0.5 around an integer label is equality: the
 * engine's indexOf (a memchr for bytes) skips the background, which is most of a label map,
 * and only rows holding the label are read, from their first to their last match.
 * (Both bench masks, 256×256×128: 28 → 8 ms on the shared 2-core machine.)
 */
function scanIntegerLabel(data: Exclude<VoxelArray, Float32Array | Float64Array>, size: Vec3, label: number): ILabelScan {
  const [nx, ny] = size;
  let count = 0;
  const min: Vec3 = [nx, ny, size[2]];
  const max: Vec3 = [-1, -1, -1];
  for (let first = data.indexOf(label); first >= 0; ) {
    const row = Math.floor(first / nx);
    const rowEnd = (row + 1) * nx;
    const last = data.lastIndexOf(label, rowEnd - 1);
    for (let i = first; i <= last; i++) if (data[i] === label) count++;
    const y = row % ny;
    const z = (row - y) / ny;
    extendBox(min, max, first - row * nx, last - row * nx, y, z);
    first = rowEnd < data.length ? data.indexOf(label, rowEnd) : -1;
  }
  return { count, box: count === 0 ? null : { lo: min, hi: max } };
}

/** Grows [min, max] to hold row (y, z) from x0 to x1. */
function extendBox(min: Vec3, max: Vec3, x0: number, x1: number, y: number, z: number): void {
  if (x0 < min[0]) min[0] = x0;
  if (x1 > max[0]) max[0] = x1;
  if (y < min[1]) min[1] = y;
  if (y > max[1]) max[1] = y;
  if (z < min[2]) min[2] = z;
  if (z > max[2]) max[2] = z;
}

/** The smallest box holding both (either may be null), grown by `margin` and clipped to the image. */
export function unionBox(a: IBox | null, b: IBox | null, margin: number, size: Vec3): IBox | null {
  const boxes = [a, b].filter((x): x is IBox => x !== null);
  if (boxes.length === 0) return null;
  const lo = [0, 1, 2].map((i) => Math.max(0, Math.min(...boxes.map((x) => x.lo[i])) - margin)) as Vec3;
  const hi = [0, 1, 2].map((i) => Math.min(size[i] - 1, Math.max(...boxes.map((x) => x.hi[i])) + margin)) as Vec3;
  return { lo, hi };
}

export function boxDims(box: IBox): Vec3 {
  return [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1];
}

/** A 0/1 mask of `label` over `box` only, so later passes never touch the empty rest of the image. */
export function cropMask(data: VoxelArray, size: Vec3, label: number, box: IBox): Uint8Array {
  const [cx, cy, cz] = boxDims(box);
  const [lo, hi] = labelRange(label);
  const out = new Uint8Array(cx * cy * cz);
  for (let z = 0, o = 0; z < cz; z++) {
    for (let y = 0; y < cy; y++) {
      const row = ((box.lo[2] + z) * size[1] + box.lo[1] + y) * size[0] + box.lo[0];
      for (let x = 0; x < cx; x++, o++) {
        const v = data[row + x];
        if (v >= lo && v < hi) out[o] = 1;
      }
    }
  }
  return out;
}

export function countOverlap(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i] & b[i];
  return n;
}

/**
 * Crop indices of the mask's surface: foreground voxels with at least one 6-neighbour that is
 * background. A neighbour outside the crop counts as background: the crop extends one voxel
 * past both masks, so outside it there is either background or the edge of the image, and a
 * mask touching the image edge has its surface there. The mask holds 0 and 1 only, as
 * cropMask makes it (runs of 1 are searched for).
 */
export function borderVoxels(mask: Uint8Array, dims: Vec3): Int32Array {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const out: number[] = [];
  // Runs of foreground found with indexOf (a memchr for bytes): the background, most of the
  // crop, is skipped without a test per voxel (4.7 → 3.1 ms per mask on the bench masks).
  for (let start = mask.indexOf(1); start >= 0; ) {
    const row = Math.floor(start / nx);
    const end = (row + 1) * nx;
    let stop = mask.indexOf(0, start);
    if (stop < 0 || stop > end) stop = end;
    const y = row % ny;
    const z = (row - y) / ny;
    if (y === 0 || y === ny - 1 || z === 0 || z === nz - 1) {
      // A row on the crop's edge: all of it is surface.
      for (let i = start; i < stop; i++) out.push(i);
    } else {
      // A run's two ends have background (or the crop's edge) beside them in x; the voxels
      // between need their y and z neighbours checked.
      for (let i = start; i < stop; i++) {
        if (i === start || i === stop - 1 || mask[i - nx] === 0 || mask[i + nx] === 0 || mask[i - sxy] === 0 || mask[i + sxy] === 0) out.push(i);
      }
    }
    start = stop < mask.length ? mask.indexOf(1, stop) : -1;
  }
  return Int32Array.from(out);
}
