import { fmt, outcome, answerOfType } from './common.js';
import { rampCredit } from './ramp.js';
import type { Grader } from './types.js';

/** Credit from the ramp on the Euclidean distance (mm, LPS) between the answer and the key point. */
export const gradeLandmark: Grader<'landmark'> = (item, answer, _ctx) => {
  const got = answerOfType(item, answer, 'point');
  if ('outcome' in got) return got.outcome;
  const [x, y, z] = got.answer.point;
  const [kx, ky, kz] = item.key.point;
  const distanceMm = Math.hypot(x - kx, y - ky, z - kz);
  const score = rampCredit(distanceMm, item.key.distanceMm);
  return outcome(item, score, `Your point is ${fmt(distanceMm)} mm from the target.`, { distanceMm });
};
