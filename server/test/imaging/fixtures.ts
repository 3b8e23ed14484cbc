import type { IVolume, Vec3, VoxelArray } from '../../src/imaging/volume.js';

/** A volume with identity direction and origin 0 unless given. */
export function vol(size: Vec3, data: VoxelArray, spacing: Vec3 = [1, 1, 1], extra: Partial<IVolume> = {}): IVolume {
  return { size, spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, ...extra };
}

/** A label map with `label` wherever `inside(x, y, z)`. */
export function maskVolume(size: Vec3, inside: (x: number, y: number, z: number) => boolean, spacing: Vec3 = [1, 1, 1], label = 1): IVolume {
  const data = new Uint8Array(size[0] * size[1] * size[2]);
  for (let z = 0, i = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, i++) if (inside(x, y, z)) data[i] = label;
    }
  }
  return vol(size, data, spacing);
}

export function sphere(centre: Vec3, radiusMm: number, spacing: Vec3 = [1, 1, 1]) {
  return (x: number, y: number, z: number): boolean =>
    Math.hypot((x - centre[0]) * spacing[0], (y - centre[1]) * spacing[1], (z - centre[2]) * spacing[2]) <= radiusMm;
}

export interface IRawHeader {
  littleEndian: boolean;
  dims: number[]; // dim[0..7]
  datatype: number;
  bitpix: number;
  pixdim: number[]; // pixdim[0..7]
  voxOffset?: number;
  sclSlope?: number;
  sclInter?: number;
  qformCode?: number;
  sformCode?: number;
  quatern?: [number, number, number];
  qoffset?: [number, number, number];
  srow?: [number[], number[], number[]];
  magic?: string;
  xyztUnits?: number;
}

/**
 * Builds a NIfTI-1 file field by field from the offsets in nifti1.h, independently of the
 * production writer, so reader tests do not just check the writer against itself.
 */
export function rawNifti(h: IRawHeader, dataBytes: number, writeVoxels: (view: DataView, offset: number) => void): Uint8Array {
  const offset = h.voxOffset ?? 352;
  const out = new Uint8Array(offset + dataBytes);
  const v = new DataView(out.buffer);
  const le = h.littleEndian;
  v.setInt32(0, 348, le);
  h.dims.forEach((d, i) => v.setInt16(40 + 2 * i, d, le));
  v.setInt16(70, h.datatype, le);
  v.setInt16(72, h.bitpix, le);
  h.pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, le));
  v.setFloat32(108, offset, le);
  v.setFloat32(112, h.sclSlope ?? 0, le);
  v.setFloat32(116, h.sclInter ?? 0, le);
  v.setUint8(123, h.xyztUnits ?? 2);
  v.setInt16(252, h.qformCode ?? 0, le);
  v.setInt16(254, h.sformCode ?? 0, le);
  (h.quatern ?? [0, 0, 0]).forEach((q, i) => v.setFloat32(256 + 4 * i, q, le));
  (h.qoffset ?? [0, 0, 0]).forEach((q, i) => v.setFloat32(268 + 4 * i, q, le));
  (h.srow ?? [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]).forEach((row, r) => row.forEach((x, c) => v.setFloat32(280 + 16 * r + 4 * c, x, le)));
  const magic = h.magic ?? 'n+1\0';
  for (let i = 0; i < 4; i++) out[344 + i] = magic.charCodeAt(i);
  writeVoxels(v, offset);
  return out;
}

export const LIMITS = { maxCompressedBytes: 64 * 1024 * 1024, maxDecodedBytes: 256 * 1024 * 1024 };
