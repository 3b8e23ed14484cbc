import { join } from 'node:path';
import { FROM_SOLUTION, type ImageReference } from '../assessments/content-schema.js';
import type { DatasetEntry } from './datasets.js';

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
 * The file behind an image item's reference: the image file itself, or for a hidden reference
 * the notebook that makes it. Null for a dataset: the content check refuses those, because
 * every learner can download them, so a loaded course never has one.
 */
export function referenceFile(reference: ImageReference, roots: IReferenceRoots): string | null {
  if (reference === FROM_SOLUTION) return null;
  if (typeof reference === 'string') return join(roots.assessmentDir, reference);
  if ('hidden' in reference) return referenceNotebook(roots.assessmentDir, reference.hidden);
  return null;
}

/** `assessments/<course>/references/<id>.ipynb`: the notebook a hidden reference is made by. */
export function referenceNotebook(assessmentDir: string, id: string): string {
  return join(assessmentDir, 'references', `${id}.ipynb`);
}

/** `assessments/<course>/solutions/<lesson>.ipynb`: the lesson's reference solution. */
export function solutionNotebook(assessmentDir: string, lesson: string): string {
  return join(assessmentDir, 'solutions', `${lesson}.ipynb`);
}

/** How a reference reads in messages. */
export function describeReference(reference: ImageReference): string {
  if (reference === FROM_SOLUTION) return 'the reference solution’s image';
  if (typeof reference === 'string') return reference;
  return 'hidden' in reference ? `hidden reference "${reference.hidden}"` : `dataset "${reference.dataset}"`;
}
