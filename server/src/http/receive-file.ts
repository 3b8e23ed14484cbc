import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Request } from 'express';
import { AppError } from './problems.js';

/**
 * Streams a request body into `path` (created 0600), stopping at `maxBytes`: an upload costs
 * a 64 KiB buffer in memory whatever its size, and a body over the cap is refused before (by
 * its Content-Length) or while it arrives. Returns the bytes written; a failed write leaves no file.
 */
export async function receiveToFile(req: Request, path: string, maxBytes: number): Promise<number> {
  if (req.headers['content-encoding'] !== undefined && req.headers['content-encoding'] !== 'identity') {
    throw new AppError('unsupported_media_type', 'Send the file as is', 'Uploads are read without a Content-Encoding; gzip the image itself (.nii.gz) instead.');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const out = createWriteStream(path, { mode: 0o600, flags: 'wx' });
  let written = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown): void => {
        req.unpipe(out);
        reject(err);
      };
      req.on('data', (chunk: Buffer) => {
        written += chunk.length;
        if (written > maxBytes) {
          // Stop reading; the client is told why (it may still be sending: the connection closes after).
          req.pause();
          fail(tooLarge(maxBytes));
        }
      });
      req.once('aborted', () => fail(new AppError('bad_request', 'Upload interrupted', 'The connection closed before the whole file arrived; upload it again.')));
      req.once('error', fail);
      out.once('error', fail);
      out.once('finish', resolve);
      req.pipe(out);
    });
  } catch (err) {
    out.destroy();
    await rm(path, { force: true });
    throw err;
  }
  return written;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', 'Upload too large', `Uploads are limited to ${Math.round(maxBytes / 1024 / 1024)} MB (ACADEMY_MAX_UPLOAD_MB): upload the image gzip-compressed (.nii.gz) or cropped.`);
}
