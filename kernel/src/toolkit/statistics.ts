// Per-label measurements in voxel and physical space.
import type { Image } from 'itk-wasm';
import { gridOf, indexToPhysical, scalarValues } from './image-utils.js';

export interface IntensityStatistics {
  readonly mean: number;
  /** Population standard deviation (numpy's default ddof=0). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

export interface LabelStatistics {
  readonly label: number;
  readonly voxelCount: number;
  /** voxelCount × product of spacing; for a 2D image this is an area in mm². */
  readonly volumeMm3: number;
  /** volumeMm3 / 1000 (1 mL = 1 cm³). */
  readonly volumeMl: number;
  /** Inclusive voxel index bounds in (x, y[, z]) order. */
  readonly boundingBox: { readonly min: number[]; readonly max: number[] };
  /** Mean voxel index (continuous), (x, y[, z]). */
  readonly centroidIndex: number[];
  /** Mean physical position in LPS mm: origin + direction · (spacing ⊙ centroidIndex). */
  readonly centroid: number[];
  /** Present when an intensity image was given. */
  readonly intensity?: IntensityStatistics;
}

interface Accumulator {
  count: number;
  min: number[];
  max: number[];
  sumIndex: number[];
  sum: number;
  sumSq: number;
  vMin: number;
  vMax: number;
}

function sameGeometry(a: Image, b: Image): boolean {
  const close = (p: readonly number[], q: readonly number[]): boolean =>
    p.length === q.length && p.every((v, i) => Math.abs(v - q[i]) <= 1e-6 * Math.max(1, Math.abs(v)));
  return (
    a.size.length === b.size.length &&
    a.size.every((v, i) => v === b.size[i]) &&
    close(a.spacing, b.spacing) &&
    close(a.origin, b.origin) &&
    close(Array.from(a.direction, Number), Array.from(b.direction, Number))
  );
}

/**
 * Statistics for every nonzero label, sorted by label. Label values are the
 * pixel values (any integer type; label 0 is background and skipped). With an
 * `intensity` image on the same grid, intensity mean/std/min/max are added.
 */
export function labelStatistics(labels: Image, intensity?: Image): LabelStatistics[] {
  const grid = gridOf(labels);
  const lab = scalarValues(labels);
  let values: ArrayLike<number> | undefined;
  if (intensity) {
    if (!sameGeometry(labels, intensity)) throw new Error('labelStatistics: labels and intensity must share size, spacing, origin and direction');
    values = scalarValues(intensity);
  }
  const dim = grid.dimension;
  const acc = new Map<number, Accumulator>();
  const { nx, ny, nz } = grid;
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const l = lab[i];
        if (l === 0) continue;
        if (!Number.isInteger(l)) throw new Error(`labelStatistics: label values must be integers (found ${l})`);
        const idx = dim === 3 ? [x, y, z] : [x, y];
        let a = acc.get(l);
        if (!a) {
          a = { count: 0, min: idx.slice(), max: idx.slice(), sumIndex: new Array<number>(dim).fill(0), sum: 0, sumSq: 0, vMin: Infinity, vMax: -Infinity };
          acc.set(l, a);
        }
        a.count++;
        for (let d = 0; d < dim; d++) {
          if (idx[d] < a.min[d]) a.min[d] = idx[d];
          if (idx[d] > a.max[d]) a.max[d] = idx[d];
          a.sumIndex[d] += idx[d];
        }
        if (values) {
          const v = values[i];
          a.sum += v;
          if (v < a.vMin) a.vMin = v;
          if (v > a.vMax) a.vMax = v;
        }
      }
    }
  }
  // Second pass for the variance: summing squared deviations from the mean
  // avoids the cancellation of sum(v²) - n·mean² on bright, low-contrast regions.
  if (values) {
    for (let i = 0; i < lab.length; i++) {
      const a = lab[i] === 0 ? undefined : acc.get(lab[i]);
      if (!a) continue;
      const dev = values[i] - a.sum / a.count;
      a.sumSq += dev * dev;
    }
  }
  const voxelVolume = labels.spacing.reduce((p, s) => p * s, 1);
  const out: LabelStatistics[] = [];
  for (const [label, a] of [...acc.entries()].sort((p, q) => p[0] - q[0])) {
    const centroidIndex = a.sumIndex.map((s) => s / a.count);
    const volumeMm3 = a.count * voxelVolume;
    const entry: LabelStatistics = {
      label,
      voxelCount: a.count,
      volumeMm3,
      volumeMl: volumeMm3 / 1000,
      boundingBox: { min: a.min, max: a.max },
      centroidIndex,
      centroid: indexToPhysical(labels, centroidIndex),
      ...(values ? { intensity: { mean: a.sum / a.count, std: Math.sqrt(a.sumSq / a.count), min: a.vMin, max: a.vMax } } : {})
    };
    out.push(entry);
  }
  return out;
}
