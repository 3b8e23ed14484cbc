import type { IImageLike } from './format.js';
import { toBase64 } from './png.js';

// The viewer colours labels exactly as the PNG preview does.
export { LABEL_COLOURS } from './slices.js';

/** The slice viewer's MIME type; the labextension registers a renderer for it. */
export const VIEWER_MIME = 'application/vnd.voxel-academy.slices+json';

/**
 * What the viewer receives. Voxels are quantised to 8 bits over the image's range and
 * subsampled to at most ~1 M voxels: the payload is saved in the notebook, so it must stay a
 * few megabytes at most. Window/level stay in the image's own units.
 */
export interface IViewerPayload {
  size: [number, number, number];
  spacing: [number, number, number];
  /** Pixel value of byte 0 and of byte 255. */
  range: [number, number];
  level: number;
  width: number;
  /** base64 of size[0]·size[1]·size[2] bytes, x fastest. */
  voxels: string;
  /** base64 label bytes of the same grid, when a label map was given. */
  labels?: string;
}

const MAX_VOXELS = 1 << 20;

export function viewerPayload(image: IImageLike, window: { level: number; width: number }, labels?: IImageLike): IViewerPayload {
  const [sx = 1, sy = 1, sz = 1] = image.size;
  const [px = 1, py = 1, pz = 1] = image.spacing;
  const step = Math.max(1, Math.ceil(Math.cbrt((sx * sy * sz) / MAX_VOXELS)));
  const size: [number, number, number] = [Math.ceil(sx / step), Math.ceil(sy / step), Math.ceil(sz / step)];
  const data = image.data as unknown as ArrayLike<number | bigint>;
  const comps = image.imageType.components || 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i += comps) {
    const v = Number(data[i]);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) hi = lo + 1;
  const voxels = sampleGrid(size, step, [sx, sy], (index) => (Number(data[index * comps]) - lo) / (hi - lo) * 255);
  const payload: IViewerPayload = {
    size,
    spacing: [px * step, py * step, pz * step],
    range: [lo, hi],
    level: window.level,
    width: window.width,
    voxels: toBase64(voxels)
  };
  if (labels?.data && labels.size.every((n, i) => n === image.size[i])) {
    const ld = labels.data as unknown as ArrayLike<number | bigint>;
    payload.labels = toBase64(sampleGrid(size, step, [sx, sy], (index) => Number(ld[index])));
  }
  return payload;
}

function sampleGrid(size: [number, number, number], step: number, full: [number, number], value: (index: number) => number): Uint8Array {
  const out = new Uint8Array(size[0] * size[1] * size[2]);
  let o = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++) {
        const index = (z * step * full[1] + y * step) * full[0] + x * step;
        out[o++] = Math.min(255, Math.max(0, Math.round(value(index))));
      }
  return out;
}
