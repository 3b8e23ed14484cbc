import type { VoxelArray } from './volume.js';

/** Byte offsets of the NIfTI-1 header fields we use (nifti1.h). */
export const HDR = {
  sizeofHdr: 0,
  dim: 40,
  datatype: 70,
  bitpix: 72,
  pixdim: 76,
  voxOffset: 108,
  sclSlope: 112,
  sclInter: 116,
  xyztUnits: 123,
  descrip: 148,
  qformCode: 252,
  sformCode: 254,
  quaternB: 256,
  qoffsetX: 268,
  srowX: 280,
  magic: 344
} as const;

export const HEADER_BYTES = 348;
/** Header plus the 4-byte extension flag: where single-file (.nii) data starts when written by us. */
export const DATA_OFFSET = 352;

type TypedArrayCtor = new (length: number) => VoxelArray;

export interface IDatatype {
  code: number;
  name: string;
  bytes: number;
  ctor: TypedArrayCtor;
  /** Reads one element; DataView handles either byte order without a swap pass. */
  get: (view: DataView, offset: number, little: boolean) => number;
  set: (view: DataView, offset: number, value: number, little: boolean) => void;
}

export const DATATYPES: readonly IDatatype[] = [
  { code: 2, name: 'uint8', bytes: 1, ctor: Uint8Array, get: (v, o) => v.getUint8(o), set: (v, o, x) => v.setUint8(o, x) },
  { code: 256, name: 'int8', bytes: 1, ctor: Int8Array, get: (v, o) => v.getInt8(o), set: (v, o, x) => v.setInt8(o, x) },
  { code: 4, name: 'int16', bytes: 2, ctor: Int16Array, get: (v, o, l) => v.getInt16(o, l), set: (v, o, x, l) => v.setInt16(o, x, l) },
  { code: 512, name: 'uint16', bytes: 2, ctor: Uint16Array, get: (v, o, l) => v.getUint16(o, l), set: (v, o, x, l) => v.setUint16(o, x, l) },
  { code: 8, name: 'int32', bytes: 4, ctor: Int32Array, get: (v, o, l) => v.getInt32(o, l), set: (v, o, x, l) => v.setInt32(o, x, l) },
  { code: 768, name: 'uint32', bytes: 4, ctor: Uint32Array, get: (v, o, l) => v.getUint32(o, l), set: (v, o, x, l) => v.setUint32(o, x, l) },
  { code: 16, name: 'float32', bytes: 4, ctor: Float32Array, get: (v, o, l) => v.getFloat32(o, l), set: (v, o, x, l) => v.setFloat32(o, x, l) },
  { code: 64, name: 'float64', bytes: 8, ctor: Float64Array, get: (v, o, l) => v.getFloat64(o, l), set: (v, o, x, l) => v.setFloat64(o, x, l) }
];

/** Names of NIfTI datatypes we reject, so the error can say what the file actually holds. */
export const UNSUPPORTED_DATATYPES: Readonly<Record<number, string>> = {
  1: 'binary (1 bit)',
  32: 'complex64',
  128: 'RGB24',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'RGBA32'
};

export function datatypeByCode(code: number): IDatatype | undefined {
  return DATATYPES.find((d) => d.code === code);
}

export function datatypeOfArray(data: VoxelArray): IDatatype {
  const found = DATATYPES.find((d) => data instanceof d.ctor);
  if (found === undefined) throw new TypeError('unsupported voxel array type');
  return found;
}

/** True when this machine stores multi-byte numbers little-endian (every platform Node targets today). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
