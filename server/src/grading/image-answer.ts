import type { AnswerValue, ImageItemKind } from '@voxel-academy/protocol';
import type { ContentItemOf } from '../assessments/content-schema.js';
import { geometryMismatch, type IVolume } from '../imaging/volume.js';
import { answerOfType, outcome } from './common.js';
import type { IGradeContext, IGradeOutcome } from './types.js';

export type ImagePair = { answer: IVolume; reference: IVolume } | { outcome: IGradeOutcome };

/**
 * The two images an image item compares, checked to lie on the same grid, or the zero-credit
 * outcome explaining why they cannot be compared voxel by voxel.
 */
export function imagePair(item: ContentItemOf<ImageItemKind>, answer: AnswerValue | undefined, ctx: IGradeContext): ImagePair {
  const got = answerOfType(item, answer, 'image');
  if ('outcome' in got) return got;
  if (ctx.answerImage === undefined) {
    return { outcome: outcome(item, 0, 'Your uploaded image could not be found or read; upload it again and resubmit.') };
  }
  if (ctx.referenceImage === undefined) {
    return { outcome: outcome(item, 0, "This item's reference image is unavailable, so it could not be graded; please tell your instructor.") };
  }
  const mismatch = geometryMismatch(ctx.answerImage, ctx.referenceImage);
  if (mismatch !== null) return { outcome: outcome(item, 0, mismatch) };
  return { answer: ctx.answerImage, reference: ctx.referenceImage };
}
