import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImageTooLargeError, inspectNiftiFile, readNifti, readNiftiFile, writeNifti } from '../../src/imaging/nifti.js';
import { NiftiStreamDecoder } from '../../src/imaging/nifti-decode.js';
import { LIMITS, rawNifti, vol, type IRawHeader } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'voxel-nifti-stream-'));
let files = 0;
function file(bytes: Uint8Array): string {
  const path = join(dir, `f${files++}.nii`);
  writeFileSync(path, bytes);
  return path;
}

const VALUES = [0, 1, -2, 300, -32768, 32767, 7, 8, 9, 10, 11, -12];
function int16(extra: Partial<IRawHeader>): Uint8Array {
  const h: IRawHeader = { littleEndian: true, dims: [3, 3, 2, 2, 1, 1, 1, 1], datatype: 4, bitpix: 16, pixdim: [1, 1, 1, 1, 1, 1, 1, 1], ...extra };
  return rawNifti(h, 24, (v, o) => VALUES.forEach((x, i) => v.setInt16(o + 2 * i, x, h.littleEndian)));
}

describe('streaming NIfTI decoding', () => {
  it('gives the same volume fed in chunks of any size, across element boundaries, in either byte order and scaled', () => {
    for (const littleEndian of [true, false]) {
      for (const scale of [{}, { sclSlope: 0.5, sclInter: -10 }, { sclSlope: 3, sclInter: 1 }]) {
        const bytes = int16({ littleEndian, ...scale });
        const whole = readNifti(bytes, LIMITS);
        for (const step of [1, 2, 3, 5, 7, 349, 1000]) {
          const decoder = new NiftiStreamDecoder(LIMITS, 'read');
          for (let at = 0; at < bytes.length; at += step) decoder.push(bytes.subarray(at, at + step));
          const v = decoder.volume();
          expect(v.data.constructor, `step ${step}`).toBe(whole.data.constructor);
          expect(Array.from(v.data), `step ${step} ${littleEndian ? 'LE' : 'BE'} ${JSON.stringify(scale)}`).toEqual(Array.from(whole.data));
        }
      }
    }
  });

  it('keeps integer scaling integer, in the smallest type that holds it; fractional scaling is float32', () => {
    const u8 = (slope: number, inter: number): Uint8Array =>
      rawNifti({ littleEndian: true, dims: [3, 2, 2, 1, 1, 1, 1, 1], datatype: 2, bitpix: 8, pixdim: [1, 1, 1, 1, 1, 1, 1, 1], sclSlope: slope, sclInter: inter }, 4, (v, o) => [0, 1, 254, 255].forEach((x, i) => v.setUint8(o + i, x)));
    const cases: Array<[number, number, unknown, number[]]> = [
      [2, 0, Uint16Array, [0, 2, 508, 510]],
      [1, -128, Int8Array, [-128, -127, 126, 127]],
      [-1, 0, Int16Array, [0, -1, -254, -255]],
      [0.5, 0, Float32Array, [0, 0.5, 127, 127.5]]
    ];
    for (const [slope, inter, type, values] of cases) {
      const v = readNifti(u8(slope, inter), LIMITS);
      expect(v.data.constructor, `slope ${slope} inter ${inter}`).toBe(type);
      expect(Array.from(v.data)).toEqual(values);
    }
  });

  it('reads files from disk, .nii and .nii.gz, as the in-memory reader does', async () => {
    const original = vol([5, 4, 3], Int16Array.from({ length: 60 }, (_, i) => i * 100 - 3000), [0.7, 1.25, 3], { origin: [-12, 3, 7] });
    for (const gzip of [false, true]) {
      const bytes = writeNifti(original, { gzip });
      const v = await readNiftiFile(file(bytes), LIMITS);
      expect(Array.from(v.data)).toEqual(Array.from(original.data));
      expect(v.spacing.map((s) => Number(s.toFixed(4)))).toEqual([0.7, 1.25, 3]);
      expect(await inspectNiftiFile(file(bytes), LIMITS)).toMatchObject({ size: [5, 4, 3] });
    }
  });

  it('skips header extensions between the header and vox_offset', async () => {
    const bytes = rawNifti({ littleEndian: true, dims: [3, 2, 1, 1, 1, 1, 1, 1], datatype: 2, bitpix: 8, pixdim: [1, 1, 1, 1, 1, 1, 1, 1], voxOffset: 1000 }, 2, (v, o) => {
      v.setUint8(o, 7);
      v.setUint8(o + 1, 9);
    });
    bytes.fill(0xee, 352, 1000);
    expect(Array.from((await readNiftiFile(file(gzipSync(bytes)), LIMITS)).data)).toEqual([7, 9]);
  });

  it('stops reading once the last voxel is in: a bomb appended after the image is never inflated', async () => {
    const image = gzipSync(writeNifti(vol([4, 4, 4], new Uint8Array(64).fill(1))));
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024));
    const path = file(Buffer.concat(Array.from({ length: 40 }, (_, i) => (i === 0 ? image : bomb)))); // 2.5 GB if inflated
    const before = process.memoryUsage().arrayBuffers;
    const v = await readNiftiFile(path, { maxCompressedBytes: 64 * 1024 * 1024, maxDecodedBytes: 1024 * 1024 });
    expect(v.data.length).toBe(64);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses, from the header alone, an image whose scaled volume would pass the cap', async () => {
    const bytes = rawNifti({ littleEndian: true, dims: [3, 512, 512, 1, 1, 1, 1, 1], datatype: 2, bitpix: 8, pixdim: [1, 1, 1, 1, 1, 1, 1, 1], sclSlope: 0.5 }, 512 * 512, () => undefined);
    // 256 KiB as stored, 1 MiB as float32: under a 512 KiB cap the file fits but the volume does not.
    const err = await readNiftiFile(file(gzipSync(bytes)), { maxCompressedBytes: 1 << 20, maxDecodedBytes: 512 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageTooLargeError);
    expect((err as Error).message).toMatch(/1 MB in memory once scl_slope is applied.*without scl_slope/);
  });

  it('says how much voxel data a truncated file holds', async () => {
    const bytes = int16({});
    const err = await readNiftiFile(file(gzipSync(bytes.subarray(0, bytes.length - 6))), LIMITS).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/truncated.*3×2×2 int16 voxels.*holds only 18 bytes/);
  });
});
