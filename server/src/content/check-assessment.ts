import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rubricMaxPoints } from '@voxel-academy/protocol';
import { FROM_SOLUTION, type ContentAssessment, type ContentItemOf, type ImageReference } from '../assessments/content-schema.js';
import { checkVariant } from './check-variant.js';
import { datasetPath } from './datasets.js';
import type { IContentProblem } from './problems.js';
import { referenceFile, type IReferenceRoots } from './references.js';

/**
 * Checks that keys agree with their items and that reference data exists. A reference dataset
 * that is declared but not fetched yet is only a notice: the data comes at setup, not from git.
 */
export function checkAssessment(
  a: ContentAssessment,
  file: string,
  roots: IReferenceRoots,
  problems: IContentProblem[],
  notices: IContentProblem[]
): void {
  const ids = new Set<string>();
  a.items.forEach((item, i) => {
    const at = (p: string): string => `items[${i}]${p}`;
    if (ids.has(item.id)) problems.push({ file, path: at('.id'), message: `item id "${item.id}" is used twice` });
    ids.add(item.id);
    switch (item.kind) {
      case 'single-choice':
      case 'multiple-choice': {
        const options = new Set(item.options.map((o) => o.id));
        if (options.size !== item.options.length) problems.push({ file, path: at('.options'), message: 'option ids must be unique' });
        const correct = item.kind === 'single-choice' ? [item.key.correct] : item.key.correct;
        for (const c of correct) {
          if (!options.has(c)) problems.push({ file, path: at('.key.correct'), message: `"${c}" is not one of the options` });
        }
        break;
      }
      case 'short-text':
        if (item.key.pattern !== undefined) {
          try {
            new RegExp(item.key.pattern, 'u');
          } catch (err) {
            problems.push({ file, path: at('.key.pattern'), message: `invalid regular expression: ${(err as Error).message}` });
          }
        }
        break;
      case 'transform':
        if ((Array.isArray(item.key.values) && item.key.values.length !== item.parameters.length) || item.key.tolerances.length !== item.parameters.length) {
          problems.push({ file, path: at('.key'), message: `values and tolerances need one entry per parameter (${item.parameters.length})` });
        }
        break;
      case 'segmentation':
      case 'intensity-image':
        checkReference(item.key.reference, roots, { file, path: at('.key.reference') }, problems);
        break;
      case 'project':
        checkRubric(item, at, file, problems);
        break;
      case 'numeric':
      case 'landmark':
        break;
      default:
        // Every kind of the contract is handled above: a new one fails to compile here.
        return unhandledKind(item);
    }
  });
  checkVariant(a, file, roots, problems, notices);
  if (a.items.filter((item) => item.kind === 'project').length > 1) {
    problems.push({ file, path: 'items', message: 'an assessment has at most one project item (one notebook, one report, one grade by people)' });
  }
}

/** Criterion and level ids unique (grades name them), and something to earn. */
function checkRubric(item: ContentItemOf<'project'>, at: (p: string) => string, file: string, problems: IContentProblem[]): void {
  const criteria = new Set<string>();
  item.rubric.criteria.forEach((c, i) => {
    if (criteria.has(c.id)) problems.push({ file, path: at(`.rubric.criteria[${i}].id`), message: `criterion id "${c.id}" is used twice` });
    criteria.add(c.id);
    if (new Set(c.levels.map((l) => l.id)).size !== c.levels.length) problems.push({ file, path: at(`.rubric.criteria[${i}].levels`), message: 'level ids must be unique within a criterion' });
  });
  if (rubricMaxPoints(item.rubric) <= 0) problems.push({ file, path: at('.rubric'), message: 'the rubric gives no points at any level' });
  const paths = item.files.map((f) => f.path);
  if (new Set(paths).size !== paths.length) problems.push({ file, path: at('.files'), message: 'each file path once' });
  if (item.reportWords.min > item.reportWords.max) problems.push({ file, path: at('.reportWords'), message: 'min is above max' });
}

function unhandledKind(item: never): never {
  throw new Error(`check-assessment: no check for item kind ${JSON.stringify((item as { kind?: unknown }).kind)}`);
}

function checkReference(
  reference: ImageReference,
  roots: IReferenceRoots,
  where: { file: string; path: string },
  problems: IContentProblem[]
): void {
  if (reference === FROM_SOLUTION) return; // checked with the other from-solution keys
  if (typeof reference === 'object' && 'dataset' in reference) {
    problems.push({
      ...where,
      message:
        `dataset "${reference.dataset}" cannot grade an answer: every learner can download it with course.data, so uploading it unchanged ` +
        `would earn full credit. Make a hidden reference instead ({ hidden: <id> } with assessments/${roots.courseId}/references/<id>.ipynb, ` +
        'a notebook that says how the reference is made) or keep a file under assessments/.'
    });
    return;
  }
  const found = referenceFile(reference, roots);
  if (typeof reference === 'object') {
    if (roots.datasets.has(reference.hidden)) problems.push({ ...where, message: `hidden reference "${reference.hidden}" has the id of a dataset learners can download; give it its own id` });
    if (found === null || !existsSync(found)) {
      problems.push({ ...where, message: `hidden reference "${reference.hidden}" needs its notebook ${found ?? ''} (it records the reference image as course.answer('reference', image))` });
    }
    return;
  }
  if (found === null || !existsSync(found)) {
    problems.push({ ...where, message: `reference image not found: ${found ?? reference}` });
    return;
  }
  // A reference file that is byte for byte a dataset is as downloadable as the dataset.
  const digest = sha256(found);
  for (const [id, entry] of roots.datasets) {
    const path = datasetPath(roots.datasetsDir, roots.courseId, entry);
    if (entry.sha256 === digest || (existsSync(path) && sha256(path) === digest)) {
      problems.push({ ...where, message: `reference image ${reference} is a copy of dataset "${id}", which every learner can download: grading against it rewards uploading the dataset unchanged` });
    }
  }
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
