import { join } from 'node:path';
import type { ImageReference } from '../assessments/content-schema.js';
import { datasetPath, type DatasetEntry } from './datasets.js';

/** What resolving an image item's `key.reference` needs besides the reference itself. */
export interface IReferenceRoots {
  /** The assessment file's folder: file references are relative to it. */
  assessmentDir: string;
  courseId: string;
  /** The course's declared datasets (curriculum/<course>/datasets.yaml). */
  datasets: ReadonlyMap<string, DatasetEntry>;
  /** ACADEMY_DATASETS_DIR: dataset references live at `<dir>/<course>/<file>`. */
  datasetsDir: string;
}

/**
 * The file an image item is graded against, or null for a dataset the course does not
 * declare (the content check reports that, so a loaded course never has one).
 */
export function referenceFile(reference: ImageReference, roots: IReferenceRoots): string | null {
  if (typeof reference === 'string') return join(roots.assessmentDir, reference);
  const entry = roots.datasets.get(reference.dataset);
  return entry ? datasetPath(roots.datasetsDir, roots.courseId, entry) : null;
}

/** How a reference reads in messages: its path, or `dataset "<id>"`. */
export function describeReference(reference: ImageReference): string {
  return typeof reference === 'string' ? reference : `dataset "${reference.dataset}"`;
}
