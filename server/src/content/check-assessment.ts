import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentAssessment } from '../assessments/content-schema.js';
import type { IContentProblem } from './problems.js';

/** Checks that keys agree with their items and that reference data exists. */
export function checkAssessment(a: ContentAssessment, file: string, dir: string, problems: IContentProblem[]): void {
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
        if (!existsSync(join(dir, item.key.reference))) {
          problems.push({ file, path: at('.key.reference'), message: `reference image not found: ${join(dir, item.key.reference)}` });
        }
        break;
      case 'numeric':
      case 'landmark':
        break;
    }
  });
}
