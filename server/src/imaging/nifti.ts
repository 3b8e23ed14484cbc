import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { ImageFormatError, ImageTooLargeError, megabytes } from './errors.js';
import { NiftiStreamDecoder, tooLargeDecoded, type INiftiGeometry, type INiftiLimits } from './nifti-decode.js';
import type { IVolume } from './volume.js';

export { ImageFormatError, ImageTooLargeError } from './errors.js';
export { writeNifti, type IWriteNiftiOptions } from './nifti-write.js';
export type { INiftiGeometry, INiftiLimits } from './nifti-decode.js';

/** Decompressed bytes per step of the streaming inflate (and per file read). */
const CHUNK = 1024 * 1024;

/**
 * Reads a NIfTI-1 image (.nii or gzip-compressed .nii.gz) held in memory into ITK's LPS
 * geometry. Every problem with the bytes becomes an ImageFormatError or ImageTooLargeError
 * whose message the learner can act on. Files on disk are read with readNiftiFile, which
 * streams; this in-memory form is for tests and small buffers.
 */
export function readNifti(bytes: Uint8Array, limits: INiftiLimits): IVolume {
  checkCompressed(bytes.length, limits);
  const decoder = new NiftiStreamDecoder(limits, 'read');
  decoder.push(isGzip(bytes) ? gunzipCapped(bytes, limits.maxDecodedBytes) : bytes);
  return decoder.volume();
}

/**
 * Reads an image file with peak memory of the volume as kept plus about 2 MiB: the file is
 * read and inflated 1 MiB at a time into one preallocated typed array, and reading stops as
 * soon as the last voxel is in (a bomb appended after the image is never inflated).
 */
export async function readNiftiFile(file: string, limits: INiftiLimits): Promise<IVolume> {
  const decoder = new NiftiStreamDecoder(limits, 'read');
  await feed(file, limits, decoder);
  return decoder.volume();
}

/** The geometry of an image file, checked from header to last voxel without keeping any voxel. */
export async function inspectNiftiFile(file: string, limits: INiftiLimits): Promise<INiftiGeometry> {
  const decoder = new NiftiStreamDecoder(limits, 'inspect');
  await feed(file, limits, decoder);
  return decoder.geometry();
}

async function feed(file: string, limits: INiftiLimits, decoder: NiftiStreamDecoder): Promise<void> {
  const handle = await open(file, 'r');
  let gzip: boolean;
  try {
    const { size } = await handle.stat();
    checkCompressed(size, limits);
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    gzip = isGzip(magic.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
  const source = createReadStream(file, { highWaterMark: CHUNK });
  const inflate = gzip ? createGunzip({ chunkSize: CHUNK }) : null;
  const chunks: AsyncIterable<Buffer> = inflate ? source.pipe(inflate) : source;
  try {
    for await (const chunk of chunks) {
      if (decoder.push(chunk)) break;
    }
  } catch (err) {
    if (err instanceof ImageFormatError || err instanceof ImageTooLargeError) throw err;
    throw gzip ? cannotInflate(err) : err;
  } finally {
    source.destroy();
    inflate?.destroy();
  }
}

function checkCompressed(bytes: number, limits: INiftiLimits): void {
  if (bytes > limits.maxCompressedBytes) {
    throw new ImageTooLargeError(
      `The image file is ${megabytes(bytes)}, more than the ${megabytes(limits.maxCompressedBytes)} limit: ` +
        'upload it gzip-compressed (.nii.gz), cropped to the region of interest, or as uint8 labels.',
      limits.maxCompressedBytes
    );
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function cannotInflate(err: unknown): ImageFormatError {
  const detail = err instanceof Error ? err.message : String(err);
  return new ImageFormatError(`The file looks gzip-compressed but cannot be decompressed (${detail}): the upload is truncated or damaged.`);
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
    throw cannotInflate(err);
  }
}
