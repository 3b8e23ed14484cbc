import { rubricMaxPoints, type ReviewGrade, type ReviewResult, type Rubric } from '@voxel-academy/protocol';
import type { ContentItemOf } from '../assessments/content-schema.js';
import type { IItemGradeRow } from '../store/types.js';
import { ServiceError } from './errors.js';
import { round4 } from './scoring.js';

/**
 * Rubric arithmetic, pure: a grade names a level per criterion; points are the levels'
 * points; the item's credit is points over the rubric's maximum.
 */

/** Refuses criteria or levels the rubric does not have; a released grade must choose a level for every criterion. */
export function checkGrade(rubric: Rubric, grade: ReviewGrade, release: boolean): void {
  const known = new Map(rubric.criteria.map((c) => [c.id, new Set(c.levels.map((l) => l.id))]));
  for (const [criterionId, chosen] of Object.entries(grade.criteria)) {
    const levels = known.get(criterionId);
    if (!levels) throw new ServiceError('bad_request', 'Unknown criterion', `The rubric has no criterion "${criterionId}".`);
    if (chosen.levelId !== null && !levels.has(chosen.levelId)) {
      throw new ServiceError('bad_request', 'Unknown level', `Criterion "${criterionId}" has no level "${chosen.levelId}".`);
    }
  }
  if (release) {
    const open = rubric.criteria.filter((c) => (grade.criteria[c.id]?.levelId ?? null) === null).map((c) => c.title);
    if (open.length > 0) throw new ServiceError('bad_request', 'Grade every criterion before releasing', `No level chosen yet for: ${open.join('; ')}.`);
  }
}

/** The learner-facing result: every criterion with its level, points and comment. */
export function reviewResult(rubric: Rubric, grade: ReviewGrade, gradedAt: number): ReviewResult {
  return {
    criteria: rubric.criteria.map((c) => {
      const chosen = grade.criteria[c.id];
      const level = c.levels.find((l) => l.id === chosen?.levelId);
      return { criterionId: c.id, levelId: level?.id ?? null, points: level?.points ?? 0, maxPoints: Math.max(...c.levels.map((l) => l.points)), comment: chosen?.comment ?? '' };
    }),
    comment: grade.comment,
    cellComments: grade.cellComments,
    gradedAt: new Date(gradedAt).toISOString()
  };
}

/** The project item's grade row: credit = rubric points / rubric maximum, weighted like any item. */
export function projectItemRow(item: ContentItemOf<'project'>, grade: ReviewGrade): IItemGradeRow {
  const result = reviewResult(item.rubric, grade, 0);
  const points = result.criteria.reduce((sum, c) => sum + c.points, 0);
  const max = rubricMaxPoints(item.rubric);
  const credit = max === 0 ? 0 : Math.min(1, points / max);
  const lines = result.criteria.map((c) => {
    const criterion = item.rubric.criteria.find((k) => k.id === c.criterionId);
    const level = criterion?.levels.find((l) => l.id === c.levelId);
    return `${criterion?.title ?? c.criterionId}: ${level?.title ?? '—'} (${c.points}/${c.maxPoints})`;
  });
  return {
    itemId: item.id,
    score: round4(credit),
    points: round4(credit * item.weight),
    maxPoints: item.weight,
    feedback: `Graded with the rubric: ${points} of ${max} points. ${lines.join('; ')}.`
  };
}
