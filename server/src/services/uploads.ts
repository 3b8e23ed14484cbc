import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadResult } from '@voxel-academy/protocol';
import type { IActor, IServiceContext } from './context.js';
import { ServiceError } from './errors.js';

/** Uploads a learner may keep unused at once, whatever their size. */
export const MAX_UNUSED_UPLOADS = 50;

/** Receives the request body into a file, at most `maxBytes`; returns the bytes written. */
export type Receive = (path: string, maxBytes: number) => Promise<number>;

export function uploadsDir(ctx: IServiceContext): string {
  return join(ctx.config.dataDir, 'uploads');
}

/**
 * Stores an uploaded image after the upload pool checked it within the caps; a file that is
 * not a readable image, or that decodes beyond the cap, is removed and rejected. A learner's
 * unused uploads (named by no submission) are bounded in number and bytes.
 */
export async function createUpload(ctx: IServiceContext, actor: IActor, receive: Receive): Promise<UploadResult> {
  const retryAfter = await ctx.uploadLimiter.take(actor.user);
  if (retryAfter > 0) {
    throw new ServiceError('rate_limited', 'Too many uploads', `At most ${ctx.uploadLimiter.rule.points} uploads a minute: wait ${retryAfter} s.`, retryAfter);
  }
  const usage = await ctx.store.unreferencedUploads(actor.user);
  const room = ctx.config.uploadQuotaBytes - usage.bytes;
  if (usage.count >= MAX_UNUSED_UPLOADS || room <= 0) throw quotaReached(ctx, usage);
  const dir = uploadsDir(ctx);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const partial = join(dir, `${id}.part`);
  const bytes = await receive(partial, ctx.config.maxUploadBytes);
  let path = partial;
  try {
    if (bytes > room) throw quotaReached(ctx, { ...usage, bytes: usage.bytes + bytes });
    if (bytes === 0) throw new ServiceError('bad_request', 'Empty upload', 'Send the image file (.nii or .nii.gz) as the request body.');
    const file = `${id}.nii${(await isGzip(partial)) ? '.gz' : ''}`;
    path = join(dir, file);
    await rename(partial, path);
    const geometry = await ctx.images.inspect(path);
    // Counted again where it is written: uploads that arrived together all passed the count above.
    const stored = await ctx.store.insertUpload({ id, user: actor.user, createdAt: ctx.now(), bytes, file, geometry: { ...geometry } }, actor.user, { count: MAX_UNUSED_UPLOADS, bytes: ctx.config.uploadQuotaBytes });
    if (!stored) throw quotaReached(ctx, await ctx.store.unreferencedUploads(actor.user));
    return { uploadId: id, bytes, ...geometry };
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

/**
 * Retention: deletes uploads no submission named within `uploadRetentionMs` (rows first, in one
 * transaction, then their files). Referenced uploads are kept as long as their submission.
 */
export async function expireUnusedUploads(ctx: IServiceContext): Promise<number> {
  const gone = await ctx.store.deleteUnreferencedUploads(ctx.now() - ctx.config.uploadRetentionMs, ctx.now());
  await Promise.all(gone.map((u) => rm(join(uploadsDir(ctx), u.file), { force: true })));
  if (gone.length > 0) ctx.log.info('expired unused uploads', { count: gone.length });
  return gone.length;
}

function quotaReached(ctx: IServiceContext, usage: { count: number; bytes: number; oldest: number | null }): ServiceError {
  const hours = Math.round(ctx.config.uploadRetentionMs / 3600_000);
  const retryAfter = usage.oldest === null ? 60 : Math.max(1, Math.ceil((usage.oldest + ctx.config.uploadRetentionMs - ctx.now()) / 1000));
  return new ServiceError(
    'rate_limited',
    'Upload quota reached',
    `You have ${usage.count} uploads (${Math.round(usage.bytes / 1024 / 1024)} MB) not yet used in a submission; the limit is ${MAX_UNUSED_UPLOADS} uploads and ` +
      `${Math.round(ctx.config.uploadQuotaBytes / 1024 / 1024)} MB. Submit the answers that use them, or wait: unused uploads are deleted after ${hours} h.`,
    retryAfter
  );
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
