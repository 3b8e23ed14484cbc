import { gzipSync } from 'fflate';
import type { IImageLike } from './format.js';
import { direction3 } from './orientation.js';

/**
 * A minimal NIfTI-1 writer for the slice viewer: the image's own pixel type (full precision,
 * e.g. int16 Hounsfield units) and its geometry as an sform (ITK's LPS converted to NIfTI's RAS),
 * so the viewer places every voxel where it is in the patient. Environment-free, like png.ts.
 */

const DATATYPE: Record<string, { code: number; bits: number; Array: new (n: number) => ArrayBufferView & ArrayLike<number> }> = {
  uint8: { code: 2, bits: 8, Array: Uint8Array },
  int16: { code: 4, bits: 16, Array: Int16Array },
  int32: { code: 8, bits: 32, Array: Int32Array },
  float32: { code: 16, bits: 32, Array: Float32Array },
  float64: { code: 64, bits: 64, Array: Float64Array },
  int8: { code: 256, bits: 8, Array: Int8Array },
  uint16: { code: 512, bits: 16, Array: Uint16Array },
  uint32: { code: 768, bits: 32, Array: Uint32Array }
};

/** Voxels of a grid, first component only, as the pixel type NIfTI stores (64-bit integers as float64). */
export interface IGrid {
  size: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  /** Row-major 3×3, columns are the index axes in LPS. */
  direction: number[];
  componentType: string;
  values: ArrayLike<number>;
}

export function niftiBytes(grid: IGrid): Uint8Array {
  const type = DATATYPE[grid.componentType] ?? DATATYPE['float64'];
  if (!type) throw new Error('no NIfTI type');
  const count = grid.size[0] * grid.size[1] * grid.size[2];
  const header = new ArrayBuffer(352);
  const view = new DataView(header);
  const le = true;
  view.setInt32(0, 348, le);
  view.setInt16(40, 3, le);
  grid.size.forEach((n, i) => view.setInt16(42 + 2 * i, n, le));
  view.setInt16(48, 1, le);
  view.setInt16(70, type.code, le);
  view.setInt16(72, type.bits, le);
  view.setFloat32(76, 1, le); // qfac
  grid.spacing.forEach((s, i) => view.setFloat32(80 + 4 * i, s, le));
  view.setFloat32(108, 352, le); // vox_offset
  view.setFloat32(112, 1, le); // scl_slope
  view.setUint8(123, 2); // xyzt_units: mm
  view.setInt16(252, 0, le); // qform_code: none, the sform says it all
  view.setInt16(254, 1, le); // sform_code: scanner anatomical
  // RAS = diag(-1, -1, 1) · (D · diag(spacing) · index + origin)
  const d = grid.direction;
  const sign = [-1, -1, 1];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) view.setFloat32(280 + 16 * row + 4 * col, (sign[row] ?? 1) * (d[row * 3 + col] ?? 0) * (grid.spacing[col] ?? 1), le);
    view.setFloat32(280 + 16 * row + 12, (sign[row] ?? 1) * (grid.origin[row] ?? 0), le);
  }
  new Uint8Array(header).set([0x6e, 0x2b, 0x31, 0x00], 344); // magic "n+1"
  const data = new type.Array(count);
  const target = data as unknown as { [i: number]: number };
  for (let i = 0; i < count; i++) target[i] = Number(grid.values[i] ?? 0);
  const out = new Uint8Array(352 + data.byteLength);
  out.set(new Uint8Array(header), 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 352);
  return gzipSync(out, { level: 6 });
}

/** The image's grid geometry, padded to 3D (a 2D image is one axial slice). */
export function gridGeometry(image: IImageLike): Pick<IGrid, 'size' | 'spacing' | 'origin' | 'direction'> {
  const [sx = 1, sy = 1, sz = 1] = image.size;
  const [px = 1, py = 1, pz = 1] = image.spacing;
  const [ox = 0, oy = 0, oz = 0] = image.origin;
  return { size: [sx, sy, sz], spacing: [px, py, pz], origin: [ox, oy, oz], direction: direction3(image) };
}
