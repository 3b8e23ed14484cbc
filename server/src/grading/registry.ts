import type { AnswerValue } from '@voxel-academy/protocol';
import type { ContentItem, ContentItemOf } from '../assessments/content-schema.js';
import { finiteOnly } from './common.js';
import { gradeIntensityImage } from './intensity-image.js';
import { gradeLandmark } from './landmark.js';
import { gradeMultipleChoice } from './multiple-choice.js';
import { gradeNumeric } from './numeric.js';
import { gradeProject } from './project.js';
import { gradeSegmentation } from './segmentation.js';
import { gradeShortText } from './short-text.js';
import { gradeSingleChoice } from './single-choice.js';
import { gradeTransform } from './transform.js';
import type { Grader, IGradeContext, IGradeOutcome, ItemKind } from './types.js';

/** One grader per item kind; the mapped type makes a missing kind a compile error. */
export const graders: { [K in ItemKind]: Grader<K> } = {
  'single-choice': gradeSingleChoice,
  'multiple-choice': gradeMultipleChoice,
  numeric: gradeNumeric,
  'short-text': gradeShortText,
  segmentation: gradeSegmentation,
  'intensity-image': gradeIntensityImage,
  landmark: gradeLandmark,
  transform: gradeTransform,
  project: gradeProject
};

function graderFor<K extends ItemKind>(item: ContentItemOf<K>): Grader<K> {
  // TypeScript cannot correlate item.kind with the table entry's type; the mapped type above
  // guarantees graders[K] is Grader<K>.
  return graders[item.kind as K];
}

/**
 * Grades one item. Never throws: a grader bug or an authoring error in the key becomes zero
 * credit with a message, so one bad item cannot fail a whole submission. The outcome is also
 * sanitised (score clamped to 0–1, non-finite measurements dropped) to keep results valid.
 */
export function gradeItem(item: ContentItem, answer: AnswerValue | undefined, ctx: IGradeContext = {}): IGradeOutcome {
  let result: IGradeOutcome;
  try {
    result = graderFor(item)(item, answer, ctx);
  } catch {
    return { score: 0, feedback: 'This item could not be graded because of an error on our side; please tell your instructor.' };
  }
  const score = Number.isFinite(result.score) ? Math.min(1, Math.max(0, result.score)) : 0;
  const measurements = result.measurements === undefined ? undefined : finiteOnly(result.measurements);
  return measurements === undefined ? { score, feedback: result.feedback } : { score, feedback: result.feedback, measurements };
}
