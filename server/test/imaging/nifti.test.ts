import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImageFormatError, ImageTooLargeError, readNifti, writeNifti } from '../../src/imaging/nifti.js';
import type { IVolume, Vec3, VoxelArray } from '../../src/imaging/volume.js';
import { LIMITS, rawNifti, vol, type IRawHeader } from './fixtures.js';

const rad = (deg: number): number => (deg * Math.PI) / 180;
/** A rotation about z by 30° with the k axis flipped: an oblique, left-handed LPS frame. */
const c = Math.cos(rad(30));
const s = Math.sin(rad(30));
const OBLIQUE = [c, -s, 0, s, c, 0, 0, 0, -1];

function expectGeometry(actual: IVolume, expected: IVolume): void {
  expect(actual.size).toEqual(expected.size);
  actual.spacing.forEach((v, i) => expect(v).toBeCloseTo(expected.spacing[i], 5));
  actual.origin.forEach((v, i) => expect(v).toBeCloseTo(expected.origin[i], 4));
  actual.direction.forEach((v, i) => expect(v).toBeCloseTo(expected.direction[i], 6));
}

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** A 3×2×2 big/little-endian file built from raw header fields. */
function header(extra: Partial<IRawHeader> = {}): IRawHeader {
  return { littleEndian: true, dims: [3, 3, 2, 2, 1, 1, 1, 1], datatype: 4, bitpix: 16, pixdim: [1, 2, 3, 4, 1, 1, 1, 1], ...extra };
}
const INT16_VALUES = [0, 1, -2, 300, -32768, 32767, 7, 8, 9, 10, 11, -12];
function int16File(h: IRawHeader): Uint8Array {
  return rawNifti(h, 24, (v, o) => INT16_VALUES.forEach((x, i) => v.setInt16(o + 2 * i, x, h.littleEndian)));
}

describe('writeNifti → readNifti round trip', () => {
  const size: Vec3 = [5, 4, 3];
  const n = 60;
  const cases: [string, VoxelArray][] = [
    ['uint8', Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256)],
    ['int8', Int8Array.from({ length: n }, (_, i) => i - 30)],
    ['int16', Int16Array.from({ length: n }, (_, i) => i * 1000 - 30000)],
    ['uint16', Uint16Array.from({ length: n }, (_, i) => i * 1000)],
    ['int32', Int32Array.from({ length: n }, (_, i) => i * 1e7 - 3e8)],
    ['uint32', Uint32Array.from({ length: n }, (_, i) => i * 7e7)],
    ['float32', Float32Array.from({ length: n }, (_, i) => i / 3 - 5)],
    ['float64', Float64Array.from({ length: n }, (_, i) => Math.PI * i - 1e-9)]
  ];
  for (const gzip of [false, true]) {
    for (const [name, data] of cases) {
      it(`keeps geometry and ${name} data (${gzip ? '.nii.gz' : '.nii'})`, () => {
        const original = vol(size, data, [0.7, 1.25, 3], { origin: [-120.5, 33.25, 71], direction: OBLIQUE });
        const bytes = writeNifti(original, { gzip });
        expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
        const read = readNifti(bytes, LIMITS);
        expectGeometry(read, original);
        expect(read.data.constructor).toBe(data.constructor);
        expect(Array.from(read.data)).toEqual(Array.from(data));
      });
    }
  }

  it('stores LPS geometry as a RAS sform (first two rows negated), as ITK and nibabel expect', () => {
    const bytes = writeNifti(vol([2, 2, 2], new Uint8Array(8), [2, 3, 4], { origin: [10, 20, 30] }));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getInt16(254, true)).toBe(1); // sform_code
    const srow = [0, 1, 2].map((r) => [0, 1, 2, 3].map((k) => view.getFloat32(280 + 16 * r + 4 * k, true)));
    expect(srow).toEqual([
      [-2, -0, -0, -10],
      [-0, -3, -0, -20],
      [0, 0, 4, 30]
    ]);
  });
});

describe('readNifti geometry from files written by other tools', () => {
  it('converts an sform from RAS to LPS', () => {
    const file = int16File(header({ sformCode: 2, srow: [[2, 0, 0, 10], [0, 3, 0, 20], [0, 0, 4, 30]] }));
    const v = readNifti(file, LIMITS);
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.origin).toEqual([-10, -20, 30]);
    expect(v.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it('reads a big-endian file with a qform (180° about z is identity in LPS)', () => {
    const file = int16File(header({ littleEndian: false, qformCode: 1, quatern: [0, 0, 1], qoffset: [5, 6, 7] }));
    expect(new DataView(file.buffer).getInt32(0, true)).not.toBe(348);
    const v = readNifti(file, LIMITS);
    expect(Array.from(v.data)).toEqual(INT16_VALUES);
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.origin).toEqual([-5, -6, 7]);
    v.direction.forEach((x, i) => expect(x).toBeCloseTo([1, 0, 0, 0, 1, 0, 0, 0, 1][i], 6));
  });

  it('applies qfac = pixdim[0] = −1 to the third axis', () => {
    const v = readNifti(int16File(header({ qformCode: 1, pixdim: [-1, 1, 1, 1, 1, 1, 1, 1] })), LIMITS);
    expect(v.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, -1]);
  });

  it('prefers the sform when both forms are set', () => {
    const file = int16File(header({ qformCode: 1, quatern: [0, 0, 1], sformCode: 1, srow: [[-2, 0, 0, 1], [0, -3, 0, 2], [0, 0, 4, 3]] }));
    const v = readNifti(file, LIMITS);
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(v.origin).toEqual([-1, -2, 3]);
  });

  it('falls back to pixdim when neither form is set', () => {
    const v = readNifti(int16File(header()), LIMITS);
    expect(v.spacing).toEqual([2, 3, 4]);
    expect(v.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it('converts spacing given in metres to mm', () => {
    const v = readNifti(int16File(header({ pixdim: [1, 0.002, 0.003, 0.004, 1, 1, 1, 1], xyztUnits: 1 })), LIMITS);
    v.spacing.forEach((x, i) => expect(x).toBeCloseTo([2, 3, 4][i], 4));
  });

  it('reads a 2D image as one slice and accepts a 4th dimension of 1', () => {
    const twoD = readNifti(int16File(header({ dims: [2, 4, 3, 0, 0, 0, 0, 0], pixdim: [1, 1, 1, 0, 0, 0, 0, 0] })), LIMITS);
    expect(twoD.size).toEqual([4, 3, 1]);
    expect(twoD.spacing[2]).toBe(1);
    const sform2d = readNifti(int16File(header({ dims: [2, 4, 3, 0, 0, 0, 0, 0], sformCode: 1, srow: [[0, 2, 0, 1], [3, 0, 0, 2], [0, 0, 0, 3]] })), LIMITS);
    expect(sform2d.spacing).toEqual([3, 2, 1]);
    expect(sform2d.direction).toEqual([0, -1, 0, -1, 0, 0, 0, 0, -1]);
    const fourD = readNifti(int16File(header({ dims: [4, 3, 2, 2, 1, 1, 1, 1] })), LIMITS);
    expect(fourD.size).toEqual([3, 2, 2]);
  });
});

describe('readNifti scaling', () => {
  it('applies scl_slope and scl_inter as float32', () => {
    const v = readNifti(int16File(header({ sclSlope: 0.5, sclInter: -10 })), LIMITS);
    expect(v.data).toBeInstanceOf(Float32Array);
    expect(Array.from(v.data)).toEqual(INT16_VALUES.map((x) => x * 0.5 - 10));
  });

  it('leaves data as stored for slope 0 (unset) and for the identity (1, 0)', () => {
    for (const sclSlope of [0, 1]) {
      const v = readNifti(int16File(header({ sclSlope, sclInter: 0 })), LIMITS);
      expect(v.data).toBeInstanceOf(Int16Array);
    }
  });
});

describe('readNifti rejects bad files with a precise reason', () => {
  const good = int16File(header());

  it.each([
    ['not NIfTI', new TextEncoder().encode('P6 this is a PNM file, not an image we read'.padEnd(400, '.')), /not a NIfTI-1 file/],
    ['NIfTI-2', (() => { const b = new Uint8Array(600); new DataView(b.buffer).setInt32(0, 540, true); return b; })(), /NIfTI-2/],
    ['bad magic (Analyze)', int16File(header({ magic: '\0\0\0\0' })), /magic/],
    ['.hdr/.img pair', int16File(header({ magic: 'ni1\0' })), /\.hdr\/\.img/],
    ['unsupported datatype', rawNifti(header({ datatype: 128, bitpix: 24 }), 36, () => undefined), /RGB24 is not supported.*uint8/],
    ['more than 3 dims', int16File(header({ dims: [4, 3, 2, 1, 2, 1, 1, 1] })), /4 dimensions \(3×2×1×2\).*single 3D volume/],
    ['non-positive spacing', int16File(header({ pixdim: [1, 1, 0, 1, 1, 1, 1, 1] })), /spacing.*must be positive/],
    ['truncated', good.subarray(0, good.length - 5), /truncated.*declares 3×2×2 int16 voxels/],
    ['truncated header', good.subarray(0, 200), /shorter than a NIfTI-1 header/],
    ['truncated gzip', (() => { const z = gzipSync(good); return z.subarray(0, z.length - 12); })(), /cannot be decompressed/]
  ])('%s', (_name, bytes, message) => {
    const err = failure(() => readNifti(bytes, LIMITS));
    expect(err).toBeInstanceOf(ImageFormatError);
    expect(err.message).toMatch(message);
  });
});

describe('readNifti size limits', () => {
  it('stops a gzip bomb at the decoded limit (10 MB of zeros, 1 MB limit)', () => {
    const bomb = gzipSync(new Uint8Array(10 * 1024 * 1024));
    const err = failure(() => readNifti(bomb, { maxCompressedBytes: 1024 * 1024, maxDecodedBytes: 1024 * 1024 }));
    expect(err).toBeInstanceOf(ImageTooLargeError);
    expect(err.message).toMatch(/larger than the 1 MB limit.*crop/);
    expect((err as ImageTooLargeError).limitBytes).toBe(1024 * 1024);
  });

  it('never inflates a 4 GB bomb: it fails long before the full output could be produced', () => {
    const member = gzipSync(new Uint8Array(10 * 1024 * 1024));
    const bomb = new Uint8Array(Buffer.concat(Array.from({ length: 400 }, () => member))); // ~4 MB → 4 GB
    const before = process.memoryUsage().arrayBuffers;
    const start = performance.now();
    const err = failure(() => readNifti(bomb, { maxCompressedBytes: 8 * 1024 * 1024, maxDecodedBytes: 1024 * 1024 }));
    // Inflating 4 GB takes seconds and more memory than a Buffer can hold; stopping at 1 MB takes ms.
    expect(performance.now() - start).toBeLessThan(1000);
    expect(err).toBeInstanceOf(ImageTooLargeError);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('rejects an upload over the compressed limit before reading it', () => {
    const err = failure(() => readNifti(new Uint8Array(2048), { maxCompressedBytes: 1024, maxDecodedBytes: 1 << 20 }));
    expect(err).toBeInstanceOf(ImageTooLargeError);
  });

  it('rejects a header that declares more voxels than the decoded limit', () => {
    const file = int16File(header({ dims: [3, 2000, 2000, 2000, 1, 1, 1, 1] }));
    expect(() => readNifti(file, { maxCompressedBytes: 1 << 20, maxDecodedBytes: 1 << 20 })).toThrow(ImageTooLargeError);
  });
});
