import { ImageFormatError } from './errors.js';
import { DATATYPES, HDR, HEADER_BYTES, UNSUPPORTED_DATATYPES, datatypeByCode, type IDatatype } from './nifti-format.js';
import type { IVolume, Vec3 } from './volume.js';

const SUPPORTED = DATATYPES.map((d) => d.name).join(', ');
export const RESAVE = 'save it as a 2D or 3D NIfTI-1 image (.nii or .nii.gz), e.g. with SimpleITK or nibabel';

/** What the 348-byte header says, checked against itself; the voxels come later in the stream. */
export interface INiftiHeader {
  little: boolean;
  size: Vec3;
  datatype: IDatatype;
  /** Byte offset of the first voxel in the (decompressed) file. */
  voxOffset: number;
  /** Bytes of voxel data as stored. */
  dataBytes: number;
  slope: number;
  inter: number;
  geometry: Pick<IVolume, 'spacing' | 'origin' | 'direction'>;
}

/**
 * Parses and checks a NIfTI-1 header from its first bytes (at least 348). Nothing is trusted
 * before it is checked: byte order, magic, dimensions, datatype, vox_offset and geometry.
 */
export function parseNiftiHeader(head: Uint8Array): INiftiHeader {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const little = byteOrder(view);
  if (head.length < HEADER_BYTES) {
    throw new ImageFormatError(`The file is only ${head.length} bytes, shorter than a NIfTI-1 header (348 bytes): the upload is truncated.`);
  }
  const magic = String.fromCharCode(head[HDR.magic], head[HDR.magic + 1], head[HDR.magic + 2]);
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
  const voxOffset = f32(HDR.voxOffset);
  if (!Number.isInteger(voxOffset) || voxOffset < HEADER_BYTES) {
    throw new ImageFormatError(`The header's vox_offset (${voxOffset}) is invalid: ${RESAVE}.`);
  }
  return {
    little,
    size,
    datatype,
    voxOffset,
    dataBytes: size[0] * size[1] * size[2] * datatype.bytes,
    slope: f32(HDR.sclSlope),
    inter: f32(HDR.sclInter),
    geometry: readGeometry(view, little, size)
  };
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
