import { gunzipSync } from 'node:zlib';
import { ImageFormatError, ImageTooLargeError, megabytes } from './errors.js';
import { DATATYPES, HDR, HEADER_BYTES, HOST_LITTLE_ENDIAN, UNSUPPORTED_DATATYPES, datatypeByCode, type IDatatype } from './nifti-format.js';
import type { IVolume, Vec3, VoxelArray } from './volume.js';

export { ImageFormatError, ImageTooLargeError } from './errors.js';
export { writeNifti, type IWriteNiftiOptions } from './nifti-write.js';

export interface INiftiLimits {
  /** Largest upload accepted, as received (gzip-compressed or not). */
  maxCompressedBytes: number;
  /** Largest file accepted once decompressed (header + voxels). */
  maxDecodedBytes: number;
}

const SUPPORTED = DATATYPES.map((d) => d.name).join(', ');
const RESAVE = 'save it as a 2D or 3D NIfTI-1 image (.nii or .nii.gz), e.g. with SimpleITK or nibabel';

/**
 * Reads a NIfTI-1 image (.nii or gzip-compressed .nii.gz) into ITK's LPS geometry. Every
 * problem with the bytes becomes an ImageFormatError or ImageTooLargeError whose message the
 * learner can act on; nothing here trusts the header before checking it against the bytes.
 */
export function readNifti(bytes: Uint8Array, limits: INiftiLimits): IVolume {
  if (bytes.length > limits.maxCompressedBytes) {
    throw new ImageTooLargeError(
      `The image file is ${megabytes(bytes.length)}, more than the ${megabytes(limits.maxCompressedBytes)} limit: ` +
        'upload it gzip-compressed (.nii.gz), cropped to the region of interest, or as uint8 labels.',
      limits.maxCompressedBytes
    );
  }
  const raw = isGzip(bytes) ? gunzipCapped(bytes, limits.maxDecodedBytes) : bytes;
  if (raw.length > limits.maxDecodedBytes) throw tooLargeDecoded(limits.maxDecodedBytes);
  return parse(raw, limits.maxDecodedBytes);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function tooLargeDecoded(limit: number): ImageTooLargeError {
  return new ImageTooLargeError(
    `The decompressed image is larger than the ${megabytes(limit)} limit: crop it to the region of interest ` +
      'or store it with a smaller data type (uint8 for label maps) before uploading.',
    limit
  );
}

/**
 * zlib stops as soon as its output would pass maxOutputLength, so a gzip bomb costs at most
 * the limit in memory, never its full expansion.
 */
function gunzipCapped(bytes: Uint8Array, maxDecodedBytes: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, maxDecodedBytes), chunkSize: 256 * 1024 });
  } catch (err) {
    if (err instanceof RangeError && (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLargeDecoded(maxDecodedBytes);
    }
    const detail = err instanceof Error ? err.message : String(err);
    throw new ImageFormatError(`The file looks gzip-compressed but cannot be decompressed (${detail}): the upload is truncated or damaged.`);
  }
}

function parse(raw: Uint8Array, maxDecodedBytes: number): IVolume {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const little = byteOrder(view);
  if (raw.length < HEADER_BYTES) {
    throw new ImageFormatError(`The file is only ${raw.length} bytes, shorter than a NIfTI-1 header (348 bytes): the upload is truncated.`);
  }
  const magic = String.fromCharCode(raw[HDR.magic], raw[HDR.magic + 1], raw[HDR.magic + 2]);
  if (magic === 'ni1') {
    throw new ImageFormatError(`This is the header of a .hdr/.img pair, whose voxels live in another file: ${RESAVE}.`);
  }
  if (magic !== 'n+1') {
    throw new ImageFormatError(`The file has no NIfTI-1 magic ("n+1"); it may be an old Analyze 7.5 file: ${RESAVE}.`);
  }
  const i16 = (offset: number): number => view.getInt16(offset, little);
  const f32 = (offset: number): number => view.getFloat32(offset, little);

  const size = readSize(i16);
  const datatype = readDatatype(i16(HDR.datatype));
  const voxels = size[0] * size[1] * size[2];
  const dataBytes = voxels * datatype.bytes;
  if (dataBytes > maxDecodedBytes) throw tooLargeDecoded(maxDecodedBytes);

  const voxOffset = f32(HDR.voxOffset);
  if (!Number.isInteger(voxOffset) || voxOffset < HEADER_BYTES) {
    throw new ImageFormatError(`The header's vox_offset (${voxOffset}) is invalid: ${RESAVE}.`);
  }
  if (voxOffset + dataBytes > raw.length) {
    throw new ImageFormatError(
      `The file is truncated: its header declares ${size.join('×')} ${datatype.name} voxels ` +
        `(${dataBytes} bytes from offset ${voxOffset}) but it holds only ${Math.max(0, raw.length - voxOffset)} bytes of voxel data. Upload the complete file.`
    );
  }
  const data = scale(readVoxels(view, voxOffset, voxels, datatype, little), f32(HDR.sclSlope), f32(HDR.sclInter));
  return { ...readGeometry(view, little, size), size, data };
}

/** sizeof_hdr is 348 in the file's own byte order, which is how NIfTI-1 tells the order. */
function byteOrder(view: DataView): boolean {
  if (view.byteLength >= 4) {
    if (view.getInt32(HDR.sizeofHdr, true) === HEADER_BYTES) return true;
    if (view.getInt32(HDR.sizeofHdr, false) === HEADER_BYTES) return false;
    if (view.getInt32(HDR.sizeofHdr, true) === 540 || view.getInt32(HDR.sizeofHdr, false) === 540) {
      throw new ImageFormatError(`This is a NIfTI-2 file, which is not supported: ${RESAVE}.`);
    }
  }
  throw new ImageFormatError(`This is not a NIfTI-1 file (its first bytes are not a NIfTI-1 header): ${RESAVE}.`);
}

function readSize(i16: (offset: number) => number): Vec3 {
  const ndim = i16(HDR.dim);
  const dims = Array.from({ length: 7 }, (_, i) => i16(HDR.dim + 2 * (i + 1)));
  if (ndim < 1 || ndim > 7) throw new ImageFormatError(`The header's dim[0] (${ndim}) is invalid: ${RESAVE}.`);
  const used = dims.slice(0, ndim);
  if (used.some((d) => d < 1)) {
    throw new ImageFormatError(`The header declares a size of ${used.join('×')}, and every dimension must be at least 1: ${RESAVE}.`);
  }
  // A trailing time/channel axis of length 1 is how many tools save a plain 3D volume.
  const extra = used.slice(3);
  if (extra.some((d) => d !== 1)) {
    throw new ImageFormatError(
      `The image has ${ndim} dimensions (${used.join('×')}); only 2D or 3D images are supported: extract a single 3D volume and upload that.`
    );
  }
  if (ndim < 2) throw new ImageFormatError(`The image has only 1 dimension (${used.join('×')}); only 2D or 3D images are supported.`);
  return [used[0], used[1], ndim >= 3 ? used[2] : 1];
}

function readDatatype(code: number): IDatatype {
  const datatype = datatypeByCode(code);
  if (datatype !== undefined) return datatype;
  const name = UNSUPPORTED_DATATYPES[code] ?? `code ${code}`;
  throw new ImageFormatError(`The voxel data type ${name} is not supported; convert the image to one of ${SUPPORTED}.`);
}

function readVoxels(view: DataView, offset: number, count: number, datatype: IDatatype, little: boolean): VoxelArray {
  const out = new datatype.ctor(count);
  if (datatype.bytes === 1 || little === HOST_LITTLE_ENDIAN) {
    // Same byte order as the host: one bulk copy, which also realigns the data for the typed array.
    new Uint8Array(out.buffer).set(new Uint8Array(view.buffer, view.byteOffset + offset, count * datatype.bytes));
    return out;
  }
  for (let i = 0, o = offset; i < count; i++, o += datatype.bytes) out[i] = datatype.get(view, o, little);
  return out;
}

/** NIfTI says to apply scl_slope/scl_inter unless slope is 0 (unset); (1, 0) is the identity. */
function scale(data: VoxelArray, slope: number, inter: number): VoxelArray {
  if (!Number.isFinite(slope) || slope === 0 || (slope === 1 && (inter === 0 || !Number.isFinite(inter)))) return data;
  const offset = Number.isFinite(inter) ? inter : 0;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * slope + offset;
  return out;
}

/** NIfTI xyzt_units → factor to mm (0 = unknown is read as mm, as ITK and nibabel do). */
function unitToMm(xyztUnits: number): number {
  switch (xyztUnits & 0x07) {
    case 1:
      return 1000;
    case 3:
      return 0.001;
    default:
      return 1;
  }
}

/**
 * Geometry as ITK reports it. NIfTI maps indices to RAS; ITK uses LPS, which flips the sign of
 * the first two physical axes, so the first two rows of the affine (direction and origin) are
 * negated. Precedence as the brief and ITK's default: sform when set, else qform, else pixdim.
 */
function readGeometry(view: DataView, little: boolean, size: Vec3): Pick<IVolume, 'spacing' | 'origin' | 'direction'> {
  const f32 = (offset: number): number => view.getFloat32(offset, little);
  const i16 = (offset: number): number => view.getInt16(offset, little);
  const toMm = unitToMm(view.getUint8(HDR.xyztUnits));
  const pixdim = [0, 1, 2, 3].map((i) => f32(HDR.pixdim + 4 * i));
  // A 2D image has no meaningful third spacing; writers leave 0 or 1 there.
  if (size[2] === 1 && !(pixdim[3] > 0)) pixdim[3] = 1;

  let rotation: number[]; // RAS, row-major, unit columns
  let spacing: Vec3;
  let offset: Vec3;
  if (i16(HDR.sformCode) > 0) {
    const rows = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(HDR.srowX + 16 * r + 4 * c)));
    spacing = [0, 1, 2].map((c) => Math.hypot(rows[0][c], rows[1][c], rows[2][c])) as Vec3;
    if (size[2] === 1 && spacing[2] === 0) {
      // Some writers leave the unused third column of a 2D image's sform at zero: complete
      // the frame with the normal of the first two axes.
      const [a, b] = [0, 1].map((c) => rows.map((row) => row[c] / spacing[c]));
      const normal = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
      rows.forEach((row, r) => (row[2] = normal[r]));
      spacing[2] = 1;
    }
    checkSpacing(spacing, 'sform column lengths');
    rotation = rows.flatMap((row) => [0, 1, 2].map((c) => row[c] / spacing[c]));
    offset = [rows[0][3], rows[1][3], rows[2][3]];
  } else {
    spacing = [pixdim[1], pixdim[2], pixdim[3]];
    checkSpacing(spacing, 'pixdim');
    if (i16(HDR.qformCode) > 0) {
      const [b, c, d] = [0, 1, 2].map((i) => f32(HDR.quaternB + 4 * i));
      rotation = quaternionToMatrix(b, c, d, pixdim[0] < 0 ? -1 : 1);
      offset = [0, 1, 2].map((i) => f32(HDR.qoffsetX + 4 * i)) as Vec3;
    } else {
      // "Method 1" of nifti1.h: no orientation, x = pixdim·i in RAS.
      rotation = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      offset = [0, 0, 0];
    }
  }
  const values = [...rotation, ...spacing, ...offset];
  if (!values.every(Number.isFinite)) throw new ImageFormatError(`The image's orientation in the header is not a finite number: ${RESAVE}.`);
  const direction = rotation.map((v, i) => (i < 6 ? -v : v) + 0); // `+ 0` turns -0 into 0
  return {
    spacing: spacing.map((s) => s * toMm) as Vec3,
    origin: [-offset[0] * toMm + 0, -offset[1] * toMm + 0, offset[2] * toMm],
    direction
  };
}

function checkSpacing(spacing: Vec3, source: string): void {
  if (!spacing.every((s) => s > 0 && Number.isFinite(s))) {
    throw new ImageFormatError(
      `The voxel spacing in the header (${source}: ${spacing.join(' × ')}) must be positive: set the image's spacing in mm and save it again.`
    );
  }
}

/** nifti1.h: rotation from the quaternion (b, c, d) with a = √(1−b²−c²−d²); qfac flips the k axis. */
function quaternionToMatrix(b: number, c: number, d: number, qfac: number): number[] {
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // Rounding left (b, c, d) just outside the unit ball: a 180° rotation, renormalised.
    const n = Math.hypot(b, c, d);
    [b, c, d] = [b / n, c / n, d / n];
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  return [
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) * qfac,
    2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) * qfac,
    2 * (b * d - a * c), 2 * (c * d + a * b), (a * a + d * d - c * c - b * b) * qfac
  ];
}
