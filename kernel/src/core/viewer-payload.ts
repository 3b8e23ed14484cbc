import type { IImageLike } from './format.js';
import { gridGeometry, niftiBytes } from './nifti.js';
import { axisCodes } from './orientation.js';
import { toBase64 } from './png.js';

// The viewer colours labels exactly as the PNG preview does.
export { LABEL_COLOURS } from './slices.js';

/** The slice viewer's MIME type; the labextension registers a renderer for it. */
export const VIEWER_MIME = 'application/vnd.voxel-academy.slices+json';

/**
 * What the viewer receives: the image as a gzipped NIfTI-1 in its own pixel type (full
 * precision) with its orientation, subsampled to at most ~1 M voxels because the payload is
 * saved in the notebook. Window/level stay in the image's own units.
 */
export interface IViewerPayload {
  version: 2;
  /** base64 of the (subsampled) image as .nii.gz. */
  nifti: string;
  /** base64 of a label map on the same grid as .nii.gz (uint8), when one was given. */
  labels?: string;
  /** Grid of the stored image: size, spacing (mm), origin (LPS mm), direction (row-major, columns = index axes in LPS). */
  size: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  direction: number[];
  /** Every `step`-th voxel of the original along each axis (1: full resolution). */
  step: number;
  /** Where the index axes point, e.g. "LPS", or "RPS" for an image flipped left-right. */
  axes: string;
  /** Lowest and highest value of the image. */
  range: [number, number];
  level: number;
  width: number;
}

const MAX_VOXELS = 1 << 20;

export function viewerPayload(image: IImageLike, window: { level: number; width: number }, labels?: IImageLike): IViewerPayload {
  const full = gridGeometry(image);
  const [sx, sy, sz] = full.size;
  const step = Math.max(1, Math.ceil(Math.cbrt((sx * sy * sz) / MAX_VOXELS)));
  const size: [number, number, number] = [Math.ceil(sx / step), Math.ceil(sy / step), Math.ceil(sz / step)];
  const spacing: [number, number, number] = [full.spacing[0] * step, full.spacing[1] * step, full.spacing[2] * step];
  const comps = image.imageType.components || 1;
  const data = image.data as unknown as ArrayLike<number | bigint>;
  const values = sampleGrid(size, step, [sx, sy], (index) => Number(data[index * comps]));
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i += comps) {
    const v = Number(data[i]);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) hi = lo + 1;
  const componentType = /int64/.test(image.imageType.componentType) ? 'float64' : image.imageType.componentType;
  const grid = { ...full, size, spacing };
  const payload: IViewerPayload = {
    version: 2,
    nifti: toBase64(niftiBytes({ ...grid, componentType, values })),
    ...grid,
    step,
    axes: axisCodes(image),
    range: [lo, hi],
    level: window.level,
    width: window.width
  };
  if (labels?.data && labels.size.every((n, i) => n === image.size[i])) {
    const ld = labels.data as unknown as ArrayLike<number | bigint>;
    payload.labels = toBase64(niftiBytes({ ...grid, componentType: 'uint8', values: sampleGrid(size, step, [sx, sy], (index) => Number(ld[index])) }));
  }
  return payload;
}

function sampleGrid(size: [number, number, number], step: number, full: [number, number], value: (index: number) => number): Float64Array {
  const out = new Float64Array(size[0] * size[1] * size[2]);
  let o = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++) out[o++] = value((z * step * full[1] + y * step) * full[0] + x * step);
  return out;
}
