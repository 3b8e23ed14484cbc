import { existsSync } from 'node:fs';
import { datasetPath } from '../content/datasets.js';
import { courseOf, type IServiceContext } from './context.js';
import { notFound, ServiceError } from './errors.js';

/** Where a declared teaching dataset lives on disk, or a clear reason why it cannot be served. */
export function datasetFile(ctx: IServiceContext, courseId: string, datasetId: string): { path: string; fileName: string } {
  const entry = courseOf(ctx, courseId).datasets.get(datasetId);
  if (!entry) throw notFound(`Dataset "${datasetId}" in course "${courseId}"`);
  const path = datasetPath(ctx.config.datasetsDir, courseId, entry);
  if (!existsSync(path)) {
    throw new ServiceError('not_found', `Dataset "${datasetId}" has not been fetched on this server`, 'The course team should run `npm run setup` (it fetches the teaching data).');
  }
  return { path, fileName: entry.file };
}
