import type { AnswerValue, ItemKind } from '@voxel-academy/protocol';
import type { ContentItemOf } from '../assessments/content-schema.js';
import type { IVolume } from '../imaging/volume.js';

/** Everything a grader may use besides the item and the answer; images are decoded by the caller. */
export interface IGradeContext {
  /** The learner's uploaded image, for image answers. */
  answerImage?: IVolume;
  /** The item's reference image (key.reference), for image items. */
  referenceImage?: IVolume;
}

export interface IGradeOutcome {
  /** Credit for this item, 0–1. */
  score: number;
  /** Shown to the learner; never reveals the item's key. */
  feedback: string;
  /** Figures measured on the answer (finite numbers only, so they survive JSON). */
  measurements?: Record<string, number>;
}

export type { ItemKind };

/** Graders are pure: same item, answer and context, same outcome; no I/O, no clock. */
export type Grader<K extends ItemKind> = (item: ContentItemOf<K>, answer: AnswerValue | undefined, ctx: IGradeContext) => IGradeOutcome;
