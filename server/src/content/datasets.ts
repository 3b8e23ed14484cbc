import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetEntry, DatasetManifest } from '@voxel-academy/protocol';
import { parseYamlAs, type IContentProblem } from './problems.js';

/**
 * Teaching datasets a course's lessons load with `course.data('<id>')`, declared in
 * `curriculum/<course>/datasets.yaml` (schema: the protocol's DatasetManifest). The files are
 * fetched and converted at setup into the datasets folder (large, licensed separately, not in git).
 */
export { DatasetEntry };

export async function loadDatasets(file: string, shown: string, problems: IContentProblem[]): Promise<Map<string, DatasetEntry>> {
  const found = new Map<string, DatasetEntry>();
  if (!existsSync(file)) return found;
  const parsed = parseYamlAs(await readFile(file, 'utf8'), shown, DatasetManifest, problems);
  parsed?.datasets.forEach((d, i) => {
    if (found.has(d.id)) problems.push({ file: shown, path: `datasets[${i}].id`, message: `dataset id "${d.id}" is used twice` });
    found.set(d.id, d);
  });
  return found;
}

export function datasetPath(datasetsDir: string, courseId: string, entry: DatasetEntry): string {
  return join(datasetsDir, courseId, entry.file);
}
