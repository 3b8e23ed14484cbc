import { existsSync } from 'node:fs';
import type { ContentAssessment, ImageReference } from '../assessments/content-schema.js';
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
        if (item.key.values.length !== item.parameters.length || item.key.tolerances.length !== item.parameters.length) {
          problems.push({ file, path: at('.key'), message: `values and tolerances need one entry per parameter (${item.parameters.length})` });
        }
        break;
      case 'segmentation':
      case 'intensity-image':
        checkReference(item.key.reference, roots, { file, path: at('.key.reference') }, problems, notices);
        break;
      case 'numeric':
      case 'landmark':
        break;
      default:
        // Every kind of the contract is handled above: a new one fails to compile here.
        return unhandledKind(item);
    }
  });
}

function unhandledKind(item: never): never {
  throw new Error(`check-assessment: no check for item kind ${JSON.stringify((item as { kind?: unknown }).kind)}`);
}

function checkReference(
  reference: ImageReference,
  roots: IReferenceRoots,
  where: { file: string; path: string },
  problems: IContentProblem[],
  notices: IContentProblem[]
): void {
  const found = referenceFile(reference, roots);
  if (typeof reference === 'string') {
    if (found === null || !existsSync(found)) problems.push({ ...where, message: `reference image not found: ${found ?? reference}` });
  } else if (found === null) {
    problems.push({ ...where, message: `dataset "${reference.dataset}" is not declared in curriculum/${roots.courseId}/datasets.yaml` });
  } else if (!existsSync(found)) {
    notices.push({ ...where, message: `dataset "${reference.dataset}" is not fetched yet (${found}): run setup to fetch the teaching data (npm run setup)` });
  }
}
