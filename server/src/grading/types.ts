import type { AnswerValue, ItemKind } from '@voxel-academy/protocol';
import type { ContentItemOf } from '../assessments/content-schema.js';
import type { IVolume } from '../imaging/volume.js';

/** Everything a grader may use besides the item and the answer; images are decoded by the caller. */
export interface IGradeContext {
  /** The learner's uploaded image, for image answers. */
  answerImage?: IVolume;
  /** The item's reference image (key.reference), for image items. */
  referenceImage?: IVolume;
  /**
   * The assessment's choice feedback: `per-option` names the wrongly selected options,
   * `right-wrong` only says whether the selection is right (no elimination by feedback).
   * Absent: per-option, as graders are used outside assessments (tests, tools).
   */
  choiceFeedback?: 'per-option' | 'right-wrong';
}

export interface IGradeOutcome {
  /** Credit for this item, 0–1. */
  score: number;
  /** Shown to the learner; never reveals the item's key (the feedback policy adds it when allowed). */
  feedback: string;
  /** Figures measured on the answer (finite numbers only, so they survive JSON). */
  measurements?: Record<string, number>;
}

export type { ItemKind };

/** Graders are pure: same item, answer and context, same outcome; no I/O, no clock. */
export type Grader<K extends ItemKind> = (item: ContentItemOf<K>, answer: AnswerValue | undefined, ctx: IGradeContext) => IGradeOutcome;
