import { LABEL_COLOURS, type IViewerPayload } from '@voxel-academy/kernel/display';

export type Axis = 0 | 1 | 2;

export const AXIS_NAMES: Record<Axis, string> = { 2: 'Axial', 1: 'Coronal', 0: 'Sagittal' };

/** The quantised volume of a viewer payload, with the lookups the viewer needs. Pure: tested in Node. */
export class ViewerVolume {
  readonly voxels: Uint8Array;
  readonly labels: Uint8Array | null;

  constructor(readonly payload: IViewerPayload) {
    this.voxels = fromBase64(payload.voxels);
    this.labels = payload.labels ? fromBase64(payload.labels) : null;
  }

  /** Number of slices across an axis. */
  depth(axis: Axis): number {
    return this.payload.size[axis];
  }

  /** Width and height of a slice and its pixel spacing; coronal and sagittal rows run head → feet. */
  plane(axis: Axis): { width: number; height: number; spacing: [number, number] } {
    const [sx, sy, sz] = this.payload.size;
    const [px, py, pz] = this.payload.spacing;
    if (axis === 2) return { width: sx, height: sy, spacing: [px, py] };
    if (axis === 1) return { width: sx, height: sz, spacing: [px, pz] };
    return { width: sy, height: sz, spacing: [py, pz] };
  }

  /** RGBA pixels of one slice under a window, with labels blended in when asked. */
  render(axis: Axis, index: number, level: number, width: number, showLabels: boolean): ImageDataLike {
    const { width: w, height: h } = this.plane(axis);
    const [sx, sy, sz] = this.payload.size;
    const lut = this.windowLut(level, width);
    const out = new Uint8ClampedArray(new ArrayBuffer(w * h * 4));
    const i = Math.min(this.depth(axis) - 1, Math.max(0, Math.round(index)));
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        let x: number;
        let y: number;
        let z: number;
        if (axis === 2) [x, y, z] = [col, row, i];
        else if (axis === 1) [x, y, z] = [col, i, sz - 1 - row];
        else [x, y, z] = [i, col, sz - 1 - row];
        const v = (z * sy + y) * sx + x;
        const grey = lut[this.voxels[v] ?? 0] ?? 0;
        const o = (row * w + col) * 4;
        out[o] = out[o + 1] = out[o + 2] = grey;
        out[o + 3] = 255;
        const label = showLabels && this.labels ? (this.labels[v] ?? 0) : 0;
        if (label > 0) {
          const c = LABEL_COLOURS[(label - 1) % LABEL_COLOURS.length] ?? [255, 0, 0];
          for (let k = 0; k < 3; k++) out[o + k] = ((out[o + k] ?? 0) + (c[k] ?? 0)) >> 1;
        }
      }
    }
    return { data: out, width: w, height: h };
  }

  /** Pixel value of a stored byte (the payload is quantised over the image's range). */
  valueOf(byte: number): number {
    const [lo, hi] = this.payload.range;
    return lo + (byte / 255) * (hi - lo);
  }

  private windowLut(level: number, width: number): Uint8Array {
    const lut = new Uint8Array(256);
    const lo = level - width / 2;
    for (let b = 0; b < 256; b++) lut[b] = Math.round(255 * Math.min(1, Math.max(0, (this.valueOf(b) - lo) / Math.max(width, 1e-9))));
    return lut;
  }
}

export interface ImageDataLike {
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}


function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
