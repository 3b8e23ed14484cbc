// Binary morphology with a ball structuring element given in millimetres.
//
// Radius → voxels: the offset (dx, dy, dz) belongs to the ball when
// (dx·sx)² + (dy·sy)² + (dz·sz)² <= r² (with a 1e-9 relative slack so that a
// radius equal to a voxel distance is not lost to rounding). Each axis therefore
// reaches floor(r / s_axis) voxels, so with anisotropic spacing the element is
// an ellipsoid in voxels but a ball in physical space. A radius smaller than
// every spacing gives the single centre voxel (identity operation).
//
// Boundary: identical to scipy.ndimage.binary_erosion/dilation defaults
// (border_value=0): outside the image is background. Consequently erosion
// removes foreground touching the border and closing can shrink objects that
// touch the border (scipy behaves the same).
//
// Implementation: the ball is stored as runs along x (one run per (dy, dz)), and
// per-row prefix sums answer "how many foreground voxels in this x window" in
// O(1), so cost is voxels × (number of runs) rather than voxels × ball size.
import type { Image } from 'itk-wasm';
import { deriveMask, gridOf, maskValues, type Grid } from './image-utils.js';

export interface BallRun {
  readonly dy: number;
  readonly dz: number;
  /** The run covers dx in [-halfWidth, halfWidth]. */
  readonly halfWidth: number;
}

const RADIUS_SLACK = 1e-9;

/** The ball as x-runs; used internally and exported so tests/notebooks can inspect it. */
export function ballRuns(spacing: readonly number[], radiusMm: number): BallRun[] {
  if (!(radiusMm >= 0) || !Number.isFinite(radiusMm)) throw new Error(`morphology: radius must be finite and >= 0 (got ${radiusMm})`);
  const [sx, sy] = spacing;
  const sz = spacing.length === 3 ? spacing[2] : Infinity;
  const r2 = radiusMm * radiusMm * (1 + RADIUS_SLACK);
  const ry = Math.floor((radiusMm * (1 + RADIUS_SLACK)) / sy);
  const rz = spacing.length === 3 ? Math.floor((radiusMm * (1 + RADIUS_SLACK)) / sz) : 0;
  const runs: BallRun[] = [];
  // `+ 0` turns -0 into 0 so offsets compare equal to other sources (Object.is semantics).
  for (let dz = -rz + 0; dz <= rz; dz++) {
    for (let dy = -ry + 0; dy <= ry; dy++) {
      const rest = r2 - (dy * sy) ** 2 - (dz === 0 ? 0 : (dz * sz) ** 2);
      if (rest < 0) continue;
      let half = Math.floor(Math.sqrt(rest) / sx);
      // Guard the sqrt/divide rounding by checking against the defining inequality directly.
      while ((half + 1) * (half + 1) * sx * sx <= rest) half++;
      while (half > 0 && half * half * sx * sx > rest) half--;
      runs.push({ dy, dz, halfWidth: half });
    }
  }
  return runs;
}

/** The ball as a list of (dx, dy[, dz]) offsets, mainly for comparison with scipy footprints. */
export function ballOffsets(spacing: readonly number[], radiusMm: number): number[][] {
  const out: number[][] = [];
  for (const run of ballRuns(spacing, radiusMm)) {
    for (let dx = -run.halfWidth + 0; dx <= run.halfWidth; dx++) {
      out.push(spacing.length === 3 ? [dx, run.dy, run.dz] : [dx, run.dy]);
    }
  }
  return out;
}

function rowPrefixSums(mask: Uint8Array, grid: Grid): Int32Array {
  const { nx } = grid;
  const rows = grid.ny * grid.nz;
  const prefix = new Int32Array(rows * (nx + 1));
  for (let row = 0; row < rows; row++) {
    const p = row * (nx + 1);
    const m = row * nx;
    for (let x = 0; x < nx; x++) prefix[p + x + 1] = prefix[p + x] + mask[m + x];
  }
  return prefix;
}

function morph(mask: Uint8Array, grid: Grid, runs: readonly BallRun[], erode: boolean): Uint8Array {
  const { nx, ny, nz } = grid;
  const prefix = rowPrefixSums(mask, grid);
  const out = new Uint8Array(mask.length);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        // Erosion only has to look around foreground, dilation only around background.
        if (erode ? mask[i] === 0 : mask[i] === 1) {
          out[i] = mask[i];
          continue;
        }
        // Erosion keeps the voxel unless some run fails; dilation sets it once some run hits.
        let hit = erode;
        for (const run of runs) {
          const yy = y + run.dy;
          const zz = z + run.dz;
          const inside = yy >= 0 && yy < ny && zz >= 0 && zz < nz;
          if (erode) {
            // Any part of the element outside the image meets background (border_value=0).
            if (!inside || x - run.halfWidth < 0 || x + run.halfWidth >= nx) {
              hit = false;
              break;
            }
            const p = (yy + ny * zz) * (nx + 1);
            if (prefix[p + x + run.halfWidth + 1] - prefix[p + x - run.halfWidth] !== 2 * run.halfWidth + 1) {
              hit = false;
              break;
            }
          } else {
            if (!inside) continue;
            const p = (yy + ny * zz) * (nx + 1);
            const lo = Math.max(0, x - run.halfWidth);
            const hi = Math.min(nx - 1, x + run.halfWidth);
            if (prefix[p + hi + 1] - prefix[p + lo] > 0) {
              hit = true;
              break;
            }
          }
        }
        out[i] = hit ? 1 : 0;
      }
    }
  }
  return out;
}

function apply(mask: Image, radiusMm: number, steps: readonly boolean[]): Image {
  const grid = gridOf(mask);
  const runs = ballRuns(mask.spacing, radiusMm);
  let data = maskValues(mask);
  for (const erode of steps) data = morph(data, grid, runs, erode);
  return deriveMask(mask, data);
}

/** Erosion by a ball of radius `radiusMm` (scipy.ndimage.binary_erosion, border_value=0). */
export function binaryErode(mask: Image, radiusMm: number): Image {
  return apply(mask, radiusMm, [true]);
}

/** Dilation by a ball of radius `radiusMm` (scipy.ndimage.binary_dilation). */
export function binaryDilate(mask: Image, radiusMm: number): Image {
  return apply(mask, radiusMm, [false]);
}

/** Opening = dilate(erode(mask)): removes structures thinner than the ball. */
export function binaryOpen(mask: Image, radiusMm: number): Image {
  return apply(mask, radiusMm, [true, false]);
}

/** Closing = erode(dilate(mask)): fills gaps narrower than the ball (see boundary note above). */
export function binaryClose(mask: Image, radiusMm: number): Image {
  return apply(mask, radiusMm, [false, true]);
}
