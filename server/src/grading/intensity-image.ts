import { intensityMetrics } from '../imaging/metrics.js';
import { fmt, finiteOnly, outcome } from './common.js';
import { imagePair } from './image-answer.js';
import { rampCredit } from './ramp.js';
import type { Grader } from './types.js';

/** Credit from the mean-absolute-difference ramp, averaged with the PSNR ramp when the key has one. */
export const gradeIntensityImage: Grader<'intensity-image'> = (item, answer, ctx) => {
  const pair = imagePair(item, answer, ctx);
  if ('outcome' in pair) return pair.outcome;
  const m = intensityMetrics(pair.answer, pair.reference);
  const madCredit = rampCredit(m.meanAbsDiff, item.key.meanAbsDiff);
  const psnr = item.key.psnrDb;
  const score = psnr === undefined ? madCredit : (madCredit + rampCredit(m.psnrDb, psnr)) / 2;
  const psnrText = Number.isFinite(m.psnrDb) ? `${fmt(m.psnrDb)} dB` : '∞ (identical to the reference)';
  const detail = `Mean absolute difference ${fmt(m.meanAbsDiff)}, maximum ${fmt(m.maxAbsDiff)}, PSNR ${psnrText}.`;
  return outcome(item, score, detail, finiteOnly({ meanAbsDiff: m.meanAbsDiff, maxAbsDiff: m.maxAbsDiff, psnrDb: m.psnrDb }));
};
