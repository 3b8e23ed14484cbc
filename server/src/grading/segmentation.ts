import { segmentationMetrics } from '../imaging/metrics.js';
import { fmt, finiteOnly, outcome } from './common.js';
import { imagePair } from './image-answer.js';
import { rampCredit } from './ramp.js';
import type { Grader } from './types.js';

/**
 * Credit from the Dice ramp, averaged with the HD95 ramp when the key has one. The answer is
 * binarised at the item's label, the reference at key.referenceLabel (default: the same label).
 */
export const gradeSegmentation: Grader<'segmentation'> = (item, answer, ctx) => {
  const pair = imagePair(item, answer, ctx);
  if ('outcome' in pair) return pair.outcome;
  const referenceLabel = item.key.referenceLabel ?? item.label;
  const m = segmentationMetrics(pair.answer, item.label, pair.reference, referenceLabel);
  const measurements = finiteOnly({
    dice: m.dice,
    jaccard: m.jaccard,
    hausdorffMm: m.hausdorffMm,
    hd95Mm: m.hd95Mm,
    // Not the reference's volume: a measured-volume item may share its key with it.
    volumeMl: m.volumeMl
  });
  if (m.referenceVoxels === 0 && m.answerVoxels > 0) {
    return outcome(item, 0, `The reference has no voxels labelled ${referenceLabel}; please tell your instructor.`, measurements);
  }
  if (m.answerVoxels === 0 && m.referenceVoxels > 0) {
    return outcome(
      item, 0,
      `Your image has no voxels labelled ${item.label}, so there is no segmentation to compare (Dice 0, surface distance undefined). ` +
        `Check that the structure is saved with label ${item.label}.`,
      measurements
    );
  }
  const diceCredit = rampCredit(m.dice, item.key.dice);
  const hd = item.key.hd95Mm;
  const score = hd === undefined ? diceCredit : (diceCredit + rampCredit(m.hd95Mm, hd)) / 2;
  const detail =
    `Dice ${fmt(m.dice)}, HD95 ${fmt(m.hd95Mm)} mm, Hausdorff ${fmt(m.hausdorffMm)} mm; ` +
    `your volume ${fmt(m.volumeMl)} mL.`;
  return outcome(item, score, detail, measurements);
};
