import { boxDims, countOverlap, cropMask, scanLabel, unionBox } from './masks.js';
import { summariseSurfaceDistances, surfaceDistances } from './surface-distance.js';
import { voxelVolumeMl, type IVolume } from './volume.js';

export { percentile } from './surface-distance.js';

export interface ISegmentationMetrics {
  dice: number;
  jaccard: number;
  answerVoxels: number;
  referenceVoxels: number;
  intersectionVoxels: number;
  volumeMl: number;
  referenceVolumeMl: number;
  /** Infinity when exactly one mask is empty (there is no surface to measure to); 0 when both are. */
  hausdorffMm: number;
  hd95Mm: number;
  meanSurfaceMm: number;
}

/**
 * Overlap and surface distances between the voxels of `answer` labelled `answerLabel` and those
 * of `reference` labelled `referenceLabel`. The images must share a grid (see geometryMismatch);
 * volumes and distances use the reference's spacing.
 */
export function segmentationMetrics(
  answer: IVolume, answerLabel: number, reference: IVolume, referenceLabel: number
): ISegmentationMetrics {
  const { size, spacing } = reference;
  const a = scanLabel(answer.data, size, answerLabel);
  const r = scanLabel(reference.data, size, referenceLabel);
  const ml = voxelVolumeMl(spacing);
  const volumes = { answerVoxels: a.count, referenceVoxels: r.count, volumeMl: a.count * ml, referenceVolumeMl: r.count * ml };

  // Everything outside the union bounding box is background in both, so work stops there.
  const box = unionBox(a.box, r.box, 1, size);
  if (box === null || a.count === 0 || r.count === 0) {
    // Both empty: the answer matches exactly. One empty: no overlap and no surface to measure to.
    const both = a.count === 0 && r.count === 0;
    const distance = both ? 0 : Infinity;
    return { ...volumes, dice: both ? 1 : 0, jaccard: both ? 1 : 0, intersectionVoxels: 0, hausdorffMm: distance, hd95Mm: distance, meanSurfaceMm: distance };
  }
  const dims = boxDims(box);
  const maskA = cropMask(answer.data, size, answerLabel, box);
  const maskR = cropMask(reference.data, size, referenceLabel, box);
  const intersection = countOverlap(maskA, maskR);
  const dice = (2 * intersection) / (a.count + r.count);
  const surface = summariseSurfaceDistances(surfaceDistances(maskA, maskR, dims, spacing));
  return {
    ...volumes,
    dice,
    jaccard: intersection / (a.count + r.count - intersection),
    intersectionVoxels: intersection,
    hausdorffMm: surface.hausdorffMm,
    hd95Mm: surface.hd95Mm,
    meanSurfaceMm: surface.meanMm
  };
}

export interface IIntensityMetrics {
  meanAbsDiff: number;
  maxAbsDiff: number;
  /** Root of the mean squared difference, in intensity units. */
  rmse: number;
  /** 10·log10(peak² / MSE) with peak = reference max − min; Infinity for identical images. */
  psnrDb: number;
}

/** Voxel-wise differences between two images on the same grid. */
export function intensityMetrics(answer: IVolume, reference: IVolume): IIntensityMetrics {
  const a = answer.data;
  const r = reference.data;
  const n = r.length;
  let sumAbs = 0;
  let sumSq = 0;
  let maxAbs = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const ref = r[i];
    const diff = Math.abs(a[i] - ref);
    sumAbs += diff;
    sumSq += diff * diff;
    if (diff > maxAbs) maxAbs = diff;
    if (ref < min) min = ref;
    if (ref > max) max = ref;
  }
  const mse = n === 0 ? 0 : sumSq / n;
  // A constant reference has no dynamic range; a peak of 1 keeps PSNR finite and ordered by MSE.
  const peak = max > min ? max - min : 1;
  return {
    meanAbsDiff: n === 0 ? 0 : sumAbs / n,
    maxAbsDiff: maxAbs,
    rmse: Math.sqrt(mse),
    psnrDb: mse === 0 ? Infinity : 10 * Math.log10((peak * peak) / mse)
  };
}
