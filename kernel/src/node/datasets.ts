import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Where `course.data(id)` finds a dataset under Node: the same declarations the course server
 * serves from (`curriculum/<course>/datasets.yaml`, file under `<datasets dir>/<course>/`), so
 * a notebook that passes the check loads the same bytes in the browser.
 */
export function declaredDatasets(contentDir: string, datasetsDir: string): Map<string, string> {
  const found = new Map<string, string>();
  const curriculum = join(contentDir, 'curriculum');
  if (!existsSync(curriculum)) return found;
  for (const course of readdirSync(curriculum).sort()) {
    const file = join(curriculum, course, 'datasets.yaml');
    if (!existsSync(file)) continue;
    const doc = parse(readFileSync(file, 'utf8')) as { datasets?: { id?: unknown; file?: unknown }[] } | null;
    for (const d of doc?.datasets ?? []) {
      if (typeof d.id === 'string' && typeof d.file === 'string' && !found.has(d.id)) found.set(d.id, join(datasetsDir, course, d.file));
    }
  }
  return found;
}
