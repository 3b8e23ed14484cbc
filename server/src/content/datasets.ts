import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Slug } from '@voxel-academy/protocol';
import { parseYamlAs, type IContentProblem } from './problems.js';

/**
 * Teaching datasets a course's lessons load with `course.data('<id>')`, declared in
 * `curriculum/<course>/datasets.yaml`. The files themselves are fetched and converted at
 * setup into the datasets folder (they are large and licensed separately, not kept in git).
 */
export const DatasetEntry = z.object({
  id: Slug,
  title: z.string().min(1),
  /** File name inside `<datasets dir>/<course>/`. */
  file: z.string().regex(/^[\w.-]+$/, 'a plain file name'),
  source: z.string().min(1),
  licence: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional()
});
export type DatasetEntry = z.infer<typeof DatasetEntry>;
const DatasetsFile = z.object({ datasets: z.array(DatasetEntry) });

export async function loadDatasets(file: string, shown: string, problems: IContentProblem[]): Promise<Map<string, DatasetEntry>> {
  const found = new Map<string, DatasetEntry>();
  if (!existsSync(file)) return found;
  const parsed = parseYamlAs(await readFile(file, 'utf8'), shown, DatasetsFile, problems);
  parsed?.datasets.forEach((d, i) => {
    if (found.has(d.id)) problems.push({ file: shown, path: `datasets[${i}].id`, message: `dataset id "${d.id}" is used twice` });
    found.set(d.id, d);
  });
  return found;
}

export function datasetPath(datasetsDir: string, courseId: string, entry: DatasetEntry): string {
  return join(datasetsDir, courseId, entry.file);
}
