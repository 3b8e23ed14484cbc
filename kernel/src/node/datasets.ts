import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DatasetManifest } from '@voxel-academy/protocol';

/**
 * Where `course.data(id)` finds a dataset under Node: the same declarations the course server
 * serves from (`curriculum/<course>/datasets.yaml`, file under `<datasets dir>/<course>/`), so
 * a notebook that passes the check loads the same bytes in the browser.
 */
export function declaredDatasets(contentDir: string, datasetsDir: string, course?: string): Map<string, string> {
  const found = new Map<string, string>();
  const curriculum = join(contentDir, 'curriculum');
  if (!existsSync(curriculum)) return found;
  // A lesson loads its own course's datasets; with no course given, the first course declaring an id wins.
  const courses = course === undefined ? readdirSync(curriculum).sort() : [course];
  for (const name of courses) {
    const file = join(curriculum, name, 'datasets.yaml');
    if (!existsSync(file)) continue;
    const parsed = DatasetManifest.safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: not a valid datasets manifest: ${parsed.error.issues[0]?.message ?? ''}`);
    for (const d of parsed.data.datasets) if (!found.has(d.id)) found.set(d.id, join(datasetsDir, name, d.file));
  }
  return found;
}

/** The course a notebook belongs to: its voxel_academy stamp, else its folder (`notebooks/<course>/`, `assessments/<course>/solutions/`). */
export function courseOfNotebookFile(path: string, metadata: { voxel_academy?: { course?: unknown } } | undefined): string | undefined {
  const stamped = metadata?.voxel_academy?.course;
  if (typeof stamped === 'string') return stamped;
  return /(?:^|\/)(?:notebooks|assessments)\/([a-z0-9-]+)\//.exec(path.replace(/\\/g, '/'))?.[1];
}
