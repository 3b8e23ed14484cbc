import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetOriginIn, Provenance, PROVENANCE_FILE, type DatasetOrigin } from '@voxel-academy/protocol';

/**
 * `provenance.json`, written next to a course's dataset files by the teaching-data setup step:
 * for each dataset whether the file is the real teaching data or a generated phantom (and why).
 * Its schema is the protocol's; the Node course host and the course server read it to warn
 * learners about phantoms.
 */

export { PROVENANCE_FILE };
export type { DatasetProvenance as IDatasetProvenance, Provenance as IProvenance } from '@voxel-academy/protocol';

export function readProvenance(courseDir: string): Provenance | null {
  const file = join(courseDir, PROVENANCE_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = Provenance.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Origin of the dataset stored as `fileName` in `courseDir` ('real' when nothing says otherwise). */
export function originOf(courseDir: string, fileName: string): DatasetOrigin {
  const file = join(courseDir, PROVENANCE_FILE);
  if (!existsSync(file)) return 'real';
  try {
    return datasetOriginIn(JSON.parse(readFileSync(file, 'utf8')), fileName);
  } catch {
    return 'real';
  }
}
