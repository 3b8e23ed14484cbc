import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadResult } from '@voxel-academy/protocol';
import type { IActor, IServiceContext } from './context.js';
import { ServiceError } from './errors.js';

/**
 * Stores an uploaded image after the worker pool decoded it within the caps; a file that is
 * not a readable image, or that decodes beyond the cap, is removed and rejected.
 */
export async function createUpload(ctx: IServiceContext, actor: IActor, bytes: Buffer): Promise<UploadResult> {
  if (bytes.length === 0) throw new ServiceError('bad_request', 'Empty upload', 'Send the image file (.nii or .nii.gz) as the request body.');
  const dir = join(ctx.config.dataDir, 'uploads');
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const file = `${id}.nii${bytes[0] === 0x1f && bytes[1] === 0x8b ? '.gz' : ''}`;
  const path = join(dir, file);
  await writeFile(path, bytes, { mode: 0o600 });
  let geometry;
  try {
    geometry = await ctx.images.inspect(path);
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  await ctx.store.insertUpload({ id, user: actor.user, createdAt: ctx.now(), bytes: bytes.length, file, geometry: { ...geometry } }, actor.user);
  return { uploadId: id, bytes: bytes.length, ...geometry };
}
