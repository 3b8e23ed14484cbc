import { ImageFormatError, ImageTooLargeError, megabytes } from './errors.js';
import { HEADER_BYTES, HOST_LITTLE_ENDIAN, type IDatatype } from './nifti-format.js';
import { parseNiftiHeader, type INiftiHeader } from './nifti-header.js';
import type { IVolume, Vec3, VoxelArray } from './volume.js';

export interface INiftiLimits {
  /** Largest upload accepted, as received (gzip-compressed or not). */
  maxCompressedBytes: number;
  /**
   * Largest image accepted once decompressed: the file (header + voxels) and the volume as
   * kept in memory (which is larger when scaling turns uint8 into float32) must both fit.
   */
  maxDecodedBytes: number;
}

export type INiftiGeometry = Pick<IVolume, 'size' | 'spacing' | 'origin' | 'direction'>;

type TypedArrayCtor = new (length: number) => VoxelArray;

/** How voxels are kept in memory: the stored type, or the smallest type that holds scaled values. */
interface IOutputPlan {
  ctor: TypedArrayCtor;
  bytes: number;
  scale: { slope: number; inter: number } | null;
}

const INTEGER_RANGES: Array<{ ctor: TypedArrayCtor; bytes: number; min: number; max: number }> = [
  { ctor: Uint8Array, bytes: 1, min: 0, max: 255 },
  { ctor: Int8Array, bytes: 1, min: -128, max: 127 },
  { ctor: Uint16Array, bytes: 2, min: 0, max: 65535 },
  { ctor: Int16Array, bytes: 2, min: -32768, max: 32767 },
  { ctor: Uint32Array, bytes: 4, min: 0, max: 4294967295 },
  { ctor: Int32Array, bytes: 4, min: -2147483648, max: 2147483647 }
];

/**
 * NIfTI says to apply scl_slope/scl_inter unless slope is 0 (unset); (1, 0) is the identity.
 * Integer scaling of integer voxels stays integer (a uint8 mask ×2 becomes uint16, not float32:
 * half the memory); anything else becomes float32, as before.
 */
function outputPlan(h: INiftiHeader): IOutputPlan {
  const { datatype, slope } = h;
  const inter = Number.isFinite(h.inter) ? h.inter : 0;
  if (!Number.isFinite(slope) || slope === 0 || (slope === 1 && inter === 0)) return { ctor: datatype.ctor, bytes: datatype.bytes, scale: null };
  const stored = INTEGER_RANGES.find((r) => r.ctor === datatype.ctor);
  if (stored && Number.isInteger(slope) && Number.isInteger(inter)) {
    const ends = [stored.min * slope + inter, stored.max * slope + inter];
    const [lo, hi] = [Math.min(...ends), Math.max(...ends)];
    const fits = INTEGER_RANGES.filter((r) => r.bytes >= stored.bytes).find((r) => r.min <= lo && hi <= r.max);
    if (fits) return { ctor: fits.ctor, bytes: fits.bytes, scale: { slope, inter } };
  }
  return { ctor: Float32Array, bytes: 4, scale: { slope, inter } };
}

export function tooLargeDecoded(limit: number, detail = ''): ImageTooLargeError {
  return new ImageTooLargeError(
    `The decompressed image${detail} is larger than the ${megabytes(limit)} limit: crop it to the region of interest ` +
      'or store it with a smaller data type (uint8 for label maps, without scl_slope) before uploading.',
    limit
  );
}

/**
 * Decodes a NIfTI-1 byte stream fed in chunks (the output of a streaming inflate), so the whole
 * file is never held: the header is parsed from the first 348 bytes, the limits are checked
 * against what it declares before any voxel is kept, and voxels go straight into one
 * preallocated typed array (converted chunk by chunk when scaled). In `inspect` mode the
 * voxels are only counted. Peak memory: the volume as kept + one chunk.
 */
export class NiftiStreamDecoder {
  private readonly head = new Uint8Array(HEADER_BYTES);
  private received = 0;
  /** Set once the header is parsed: what it says, and where voxels go (read mode). */
  private state: { header: INiftiHeader; plan: IOutputPlan; out: VoxelArray | null; outBytes: Uint8Array | null } | null = null;
  /** Voxel bytes taken so far (as stored). */
  private taken = 0;
  /** Bytes of an element split across two chunks (scaled conversion only). */
  private readonly carry = new Uint8Array(8);
  private carried = 0;

  constructor(
    private readonly limits: INiftiLimits,
    private readonly mode: 'read' | 'inspect'
  ) {}

  /** Feeds decompressed bytes; true once every voxel is in (the rest of the stream is not needed). */
  push(chunk: Uint8Array): boolean {
    let at = 0;
    let state = this.state;
    if (state === null) {
      const n = Math.min(HEADER_BYTES - this.received, chunk.length);
      this.head.set(chunk.subarray(0, n), this.received);
      this.received += n;
      at = n;
      if (this.received < HEADER_BYTES) return false;
      state = this.start(parseNiftiHeader(this.head));
    }
    const h = state.header;
    // Bytes between the header and vox_offset (extensions) are skipped, never stored.
    const beforeVoxels = h.voxOffset - this.received;
    if (beforeVoxels > 0) {
      const skip = Math.min(beforeVoxels, chunk.length - at);
      this.received += skip;
      at += skip;
    }
    if (at < chunk.length && this.taken < h.dataBytes) {
      const part = chunk.subarray(at, at + Math.min(chunk.length - at, h.dataBytes - this.taken));
      if (state.out !== null && state.outBytes !== null) this.store(part, state.header, state.plan, state.out, state.outBytes);
      this.taken += part.length;
      this.received += part.length;
    }
    return this.taken >= h.dataBytes;
  }

  /** The geometry alone (inspect mode) once the stream ended; throws if it ended early. */
  geometry(): INiftiGeometry {
    const h = this.complete().header;
    return { size: [...h.size] as Vec3, ...h.geometry };
  }

  /** The volume (read mode) once the stream ended; throws if it ended early. */
  volume(): IVolume {
    const { header: h, plan, out, outBytes } = this.complete();
    if (out === null || outBytes === null) throw new Error('volume() needs a decoder in read mode');
    if (plan.scale === null && h.datatype.bytes > 1 && h.little !== HOST_LITTLE_ENDIAN) swapInPlace(outBytes, h.datatype.bytes);
    return { ...h.geometry, size: h.size, data: out };
  }

  private start(header: INiftiHeader): NonNullable<NiftiStreamDecoder['state']> {
    const voxels = header.size[0] * header.size[1] * header.size[2];
    if (header.voxOffset + header.dataBytes > this.limits.maxDecodedBytes) throw tooLargeDecoded(this.limits.maxDecodedBytes);
    const plan = outputPlan(header);
    if (voxels * plan.bytes > this.limits.maxDecodedBytes) {
      throw tooLargeDecoded(this.limits.maxDecodedBytes, ` (${megabytes(voxels * plan.bytes)} in memory once scl_slope is applied)`);
    }
    const out = this.mode === 'read' ? new plan.ctor(voxels) : null;
    this.state = { header, plan, out, outBytes: out ? new Uint8Array(out.buffer) : null };
    return this.state;
  }

  private complete(): NonNullable<NiftiStreamDecoder['state']> {
    const state = this.state;
    if (state === null) {
      // Too short for a header: let the header parser say precisely what is wrong.
      parseNiftiHeader(this.head.subarray(0, this.received));
      throw new ImageFormatError('The file is shorter than a NIfTI-1 header: the upload is truncated.');
    }
    const h = state.header;
    if (this.taken < h.dataBytes) {
      throw new ImageFormatError(
        `The file is truncated: its header declares ${h.size.join('×')} ${h.datatype.name} voxels ` +
          `(${h.dataBytes} bytes from offset ${h.voxOffset}) but it holds only ${this.taken} bytes of voxel data. Upload the complete file.`
      );
    }
    return state;
  }

  /** Voxel bytes as stored → the output array: a plain copy, or a conversion when scaled. */
  private store(part: Uint8Array, header: INiftiHeader, plan: IOutputPlan, out: VoxelArray, outBytes: Uint8Array): void {
    if (plan.scale === null) {
      outBytes.set(part, this.taken);
      return;
    }
    const { datatype, little } = header;
    const { slope, inter } = plan.scale;
    const size = datatype.bytes;
    let index = Math.floor(this.taken / size);
    let at = 0;
    if (this.carried > 0) {
      const need = size - this.carried;
      const n = Math.min(need, part.length);
      this.carry.set(part.subarray(0, n), this.carried);
      this.carried += n;
      at = n;
      if (this.carried < size) return;
      out[index++] = datatype.get(new DataView(this.carry.buffer, 0, size), 0, little) * slope + inter;
      this.carried = 0;
    }
    index = convert(part, at, datatype, little, slope, inter, out, index);
    const whole = at + Math.floor((part.length - at) / size) * size;
    if (whole < part.length) {
      this.carry.set(part.subarray(whole), 0);
      this.carried = part.length - whole;
    }
  }
}

/** Converts the whole elements of `bytes` from `at` into `out` from `index`; returns the next index. */
function convert(bytes: Uint8Array, at: number, datatype: IDatatype, little: boolean, slope: number, inter: number, out: VoxelArray, index: number): number {
  const size = datatype.bytes;
  const count = Math.floor((bytes.length - at) / size);
  if (datatype.code === 2) {
    // uint8 (label maps): the common case, without DataView calls.
    for (let i = 0; i < count; i++) out[index + i] = bytes[at + i] * slope + inter;
    return index + count;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, count * size);
  for (let i = 0, o = 0; i < count; i++, o += size) out[index + i] = datatype.get(view, o, little) * slope + inter;
  return index + count;
}

/** Reverses the bytes of each element in place (the file's byte order is not the host's). */
function swapInPlace(bytes: Uint8Array, size: number): void {
  for (let o = 0; o + size <= bytes.length; o += size) {
    for (let a = o, b = o + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}
