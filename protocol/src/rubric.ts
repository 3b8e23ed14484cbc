import { z } from 'zod';
import { Slug } from './catalog.js';

/**
 * Rubrics of practical projects: criteria × levels, each level with its points and a descriptor
 * of the work that earns it. Rubrics are public: a learner should know how the work is judged
 * before doing it, and the same rubric comes back with the grader's choices and comments.
 */
export const RubricLevel = z.object({
  id: Slug,
  title: z.string().min(1).max(80),
  points: z.number().min(0).max(1000),
  /** What work at this level looks like. */
  descriptor: z.string().min(1).max(2000)
});
export type RubricLevel = z.infer<typeof RubricLevel>;

export const RubricCriterion = z.object({
  id: Slug,
  title: z.string().min(1).max(120),
  description: z.string().max(2000).default(''),
  levels: z.array(RubricLevel).min(2).max(8)
});
export type RubricCriterion = z.infer<typeof RubricCriterion>;

export const Rubric = z.object({ criteria: z.array(RubricCriterion).min(1).max(20) });
export type Rubric = z.infer<typeof Rubric>;

/** A file a project asks for, relative to the project notebook's folder (e.g. `figures/overlay.png`). */
export const ProjectFileSpec = z.object({
  path: z.string().regex(/^(?!\/)(?!.*\.\.)[\w][\w./ -]{0,199}$/, 'a relative path inside the project folder'),
  description: z.string().max(500).default(''),
  required: z.boolean().default(false)
});
export type ProjectFileSpec = z.infer<typeof ProjectFileSpec>;

/** The grader's choice and comment for one criterion. */
export const CriterionGrade = z.object({
  /** The level awarded; null while a draft leaves the criterion open. */
  levelId: Slug.nullable(),
  comment: z.string().max(4000).default('')
});
export type CriterionGrade = z.infer<typeof CriterionGrade>;

/**
 * A comment anchored to a cell of the learner's notebook: by the cell's nbformat id when the
 * notebook has one, and by its position as a fallback for notebooks saved without ids.
 */
export const CellComment = z.object({
  cellId: z.string().max(100).nullable(),
  cellIndex: z.number().int().min(0).max(100_000),
  text: z.string().trim().min(1).max(4000)
});
export type CellComment = z.infer<typeof CellComment>;

/** The rubric result of a reviewed project, as the learner sees it in their submission. */
export const ReviewResult = z.object({
  criteria: z.array(
    z.object({
      criterionId: Slug,
      levelId: Slug.nullable(),
      points: z.number().min(0),
      maxPoints: z.number().min(0),
      comment: z.string()
    })
  ),
  comment: z.string(),
  cellComments: z.array(CellComment),
  gradedAt: z.iso.datetime()
});
export type ReviewResult = z.infer<typeof ReviewResult>;

/** The highest number of points a rubric can give (its best level of every criterion). */
export function rubricMaxPoints(rubric: Rubric): number {
  return rubric.criteria.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0);
}
