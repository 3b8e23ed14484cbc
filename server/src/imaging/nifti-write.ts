import { gzipSync } from 'node:zlib';
import { DATA_OFFSET, HDR, HEADER_BYTES, HOST_LITTLE_ENDIAN, datatypeOfArray } from './nifti-format.js';
import { voxelCount, type IVolume } from './volume.js';

export interface IWriteNiftiOptions {
  gzip?: boolean;
  /** 2 writes a single-slice image as 2D (dim[0] = 2), as ITK reads 2D images back; default 3. */
  dimensions?: 2 | 3;
}

/**
 * Writes a single-file little-endian NIfTI-1 image whose sform (code 1, scanner) carries the
 * geometry; qform is left unset so readers cannot pick a disagreeing second orientation.
 * Used for fixtures, the benchmark and reference images authored from notebooks.
 */
export function writeNifti(volume: IVolume, options: IWriteNiftiOptions = {}): Uint8Array {
  const { size, spacing, origin, direction: d, data } = volume;
  if (data.length !== voxelCount(size)) throw new RangeError(`data has ${data.length} voxels but size is ${size.join('×')}`);
  const datatype = datatypeOfArray(data);
  const out = new Uint8Array(DATA_OFFSET + data.length * datatype.bytes);
  const view = new DataView(out.buffer);
  const little = true;

  view.setInt32(HDR.sizeofHdr, HEADER_BYTES, little);
  if (options.dimensions === 2 && size[2] !== 1) throw new RangeError(`a 2D image has one slice, not ${size[2]}`);
  const dims = [options.dimensions ?? 3, size[0], size[1], size[2], 1, 1, 1, 1];
  dims.forEach((v, i) => view.setInt16(HDR.dim + 2 * i, v, little));
  view.setInt16(HDR.datatype, datatype.code, little);
  view.setInt16(HDR.bitpix, datatype.bytes * 8, little);
  const pixdim = [1, spacing[0], spacing[1], spacing[2], 1, 1, 1, 1];
  pixdim.forEach((v, i) => view.setFloat32(HDR.pixdim + 4 * i, v, little));
  view.setFloat32(HDR.voxOffset, DATA_OFFSET, little);
  view.setFloat32(HDR.sclSlope, 1, little);
  view.setFloat32(HDR.sclInter, 0, little);
  view.setUint8(HDR.xyztUnits, 2 | 8); // mm, seconds
  new TextEncoder().encodeInto('Voxel Academy', out.subarray(HDR.descrip, HDR.descrip + 79));
  view.setInt16(HDR.qformCode, 0, little);
  view.setInt16(HDR.sformCode, 1, little);

  // LPS → RAS: negate the first two physical rows (direction and origin).
  for (let r = 0; r < 3; r++) {
    const sign = r < 2 ? -1 : 1;
    for (let c = 0; c < 3; c++) view.setFloat32(HDR.srowX + 16 * r + 4 * c, sign * d[3 * r + c] * spacing[c], little);
    view.setFloat32(HDR.srowX + 16 * r + 12, sign * origin[r], little);
  }
  out.set([0x6e, 0x2b, 0x31, 0x00], HDR.magic); // "n+1\0"

  if (HOST_LITTLE_ENDIAN || datatype.bytes === 1) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), DATA_OFFSET);
  } else {
    for (let i = 0; i < data.length; i++) datatype.set(view, DATA_OFFSET + i * datatype.bytes, data[i], little);
  }
  return options.gzip === true ? new Uint8Array(gzipSync(out)) : out;
}
