import { z } from 'zod';
import { Slug } from './catalog.js';

/**
 * Per-learner assessment variants (issue 10). An assessment may declare parameters drawn for
 * each learner from a server secret; its datasets and keys then differ per learner. Only the
 * parameters an author marks public ever reach a browser (e.g. "the label to measure");
 * hidden ones (a rotation applied to an image) are for instructors only.
 */

/** Short, opaque name of one variant, e.g. `v-3f9a2c`: it names the data, never the parameters. */
export const VariantTag = z.string().regex(/^v-[0-9a-f]{6}$/, 'a variant tag looks like v-3f9a2c');
export type VariantTag = z.infer<typeof VariantTag>;

export const VariantPolicy = z.enum(['per-learner', 'per-attempt']);
export type VariantPolicy = z.infer<typeof VariantPolicy>;

export const VariantValue = z.union([z.number(), z.string()]);
export type VariantValue = z.infer<typeof VariantValue>;

/** The variant a learner works on, as the learner may see it. */
export const VariantInfo = z.object({
  tag: VariantTag,
  policy: VariantPolicy,
  /** The attempt this variant belongs to (per-attempt policy), else null. */
  attempt: z.number().int().positive().nullable(),
  /** Public parameters only (an author's choice, e.g. the threshold to use). */
  parameters: z.record(z.string(), VariantValue),
  /** Datasets whose content is personal for this variant (`course.data(id)` returns it). */
  datasets: z.array(Slug)
});
export type VariantInfo = z.infer<typeof VariantInfo>;

/** GET api/courses/:course/lessons/:lesson/variant — what `course.variant()` returns in a lesson. */
export const LessonVariant = z.object({
  courseId: Slug,
  lessonId: Slug,
  assessmentId: Slug.nullable(),
  /** Null when the lesson's assessment has no variants: everyone works on the same data. */
  variant: VariantInfo.nullable()
});
export type LessonVariant = z.infer<typeof LessonVariant>;

/** One learner's variant, with every parameter (instructors only). */
export const LearnerVariant = z.object({
  user: z.string(),
  tag: VariantTag,
  /** Position in the assessment's pool of distinct variants (0 … pool − 1). */
  index: z.number().int().nonnegative(),
  attempt: z.number().int().positive().nullable(),
  parameters: z.record(z.string(), VariantValue)
});
export type LearnerVariant = z.infer<typeof LearnerVariant>;

/** GET api/courses/:course/assessments/:assessment/variants — every learner's variant parameters. */
export const AssessmentVariants = z.object({
  courseId: Slug,
  assessmentId: Slug,
  policy: VariantPolicy,
  /** Number of distinct variants; two learners share one with probability 1 / pool. */
  pool: z.number().int().positive(),
  parameters: z.array(z.object({ name: z.string(), public: z.boolean(), unit: z.string().optional() })),
  learners: z.array(LearnerVariant)
});
export type AssessmentVariants = z.infer<typeof AssessmentVariants>;

/** The response header naming the variant a dataset was derived for. */
export const VARIANT_HEADER = 'x-voxel-variant';

/** What a wrong answer reveals, and when (an assessment's feedback policy). */
export const RevealPolicy = z.enum(['never', 'after-last-attempt', 'after-deadline']);
export type RevealPolicy = z.infer<typeof RevealPolicy>;

export const ChoiceFeedback = z.enum(['per-option', 'right-wrong']);
export type ChoiceFeedback = z.infer<typeof ChoiceFeedback>;

export const FeedbackPolicy = z.object({
  /** When the accepted answer of an item the learner got wrong is shown. */
  reveal: RevealPolicy,
  /** Whether choice items say which selected options are wrong, or only right/wrong. */
  choices: ChoiceFeedback
});
export type FeedbackPolicy = z.infer<typeof FeedbackPolicy>;
