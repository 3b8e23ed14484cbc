import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DATASET_ORIGIN_HEADER, datasetOriginIn, PROVENANCE_FILE, type DatasetOrigin } from '@voxel-academy/protocol';
import { datasetPath } from '../content/datasets.js';
import { courseOf, type IServiceContext } from './context.js';
import { notFound, ServiceError } from './errors.js';

export { DATASET_ORIGIN_HEADER };

/**
 * 'phantom' when the setup step's provenance.json (next to the files) says it generated this
 * file because the real teaching data could not be fetched; 'real' otherwise.
 */
export function datasetOrigin(path: string, fileName: string): DatasetOrigin {
  const file = join(dirname(path), PROVENANCE_FILE);
  if (!existsSync(file)) return 'real';
  try {
    return datasetOriginIn(JSON.parse(readFileSync(file, 'utf8')), fileName);
  } catch {
    return 'real';
  }
}

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
