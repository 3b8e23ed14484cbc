import type { IItemGradeRow } from '../store/types.js';

/**
 * The weighted score of a submission: points over maximum points of the items that count
 * (an item an instructor excused for this learner counts for neither), times the late factor.
 * Pure, shared by grading, project reviews, excuses and regrades so all four agree.
 */
export function scoreOf(items: readonly IItemGradeRow[], excused: ReadonlySet<string>, lateFactor: number, passMark: number): { score: number; passed: boolean } {
  const counted = items.filter((i) => !excused.has(i.itemId));
  const max = counted.reduce((sum, i) => sum + i.maxPoints, 0);
  // Everything excused: nothing can count against the learner.
  const raw = max === 0 ? 1 : counted.reduce((sum, i) => sum + i.points, 0) / max;
  const score = round4(raw * lateFactor);
  return { score, passed: score >= passMark };
}

export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
