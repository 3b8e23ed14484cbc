import { z } from 'zod';
import { Slug } from './catalog.js';
import { ANSWER_LIMITS } from './limits.js';
import { ProjectFileSpec, ReviewResult, Rubric } from './rubric.js';
import { FeedbackPolicy, VariantInfo } from './variant.js';

/**
 * Assessment items as the browser sees them: prompts, options and units only. The hidden
 * keys (correct answers, tolerances, reference images) exist only in the server's content
 * schemas and never travel in any response.
 */
const ItemBase = z.object({
  id: Slug,
  prompt: z.string().min(1),
  /** Relative weight of this item in the assessment score. */
  weight: z.number().positive().default(1)
});

export const ChoiceOption = z.object({ id: z.string().min(1), text: z.string().min(1) });

/**
 * The public part of each item kind, keyed by kind: the one place an item kind is declared.
 * The server's content schemas extend these with hidden keys; the extension renders them.
 * A new kind goes here, in `PublicItem` below and in `ANSWER_TYPE_OF` (items.ts); the compiler
 * then names every other place that must handle it (graders, content schemas, inputs).
 */
export const PUBLIC_ITEMS = {
  'single-choice': ItemBase.extend({ kind: z.literal('single-choice'), options: z.array(ChoiceOption).min(2) }),
  'multiple-choice': ItemBase.extend({ kind: z.literal('multiple-choice'), options: z.array(ChoiceOption).min(2) }),
  numeric: ItemBase.extend({ kind: z.literal('numeric'), unit: z.string().optional() }),
  'short-text': ItemBase.extend({ kind: z.literal('short-text') }),
  /** A label map (e.g. a segmentation mask) graded by overlap and surface distance in mm. */
  segmentation: ItemBase.extend({ kind: z.literal('segmentation'), label: z.number().int().positive().default(1) }),
  /** An intensity image graded by mean/max absolute difference and PSNR. */
  'intensity-image': ItemBase.extend({ kind: z.literal('intensity-image') }),
  /** A point in physical (LPS, mm) coordinates. */
  landmark: ItemBase.extend({ kind: z.literal('landmark') }),
  /** Named transform parameters, e.g. translation in mm and rotation in degrees. */
  transform: ItemBase.extend({ kind: z.literal('transform'), parameters: z.array(z.string().min(1)).min(1) }),
  /**
   * A practical project graded by people with a rubric: the learner submits a snapshot of the
   * project notebook with its outputs, the files the project names and a written report.
   */
  project: ItemBase.extend({
    kind: z.literal('project'),
    rubric: Rubric,
    files: z.array(ProjectFileSpec).max(20).default([]),
    /** Words the written report should have (the panel counts them; graders judge it). */
    reportWords: z.object({ min: z.number().int().min(0), max: z.number().int().positive() }).default({ min: 100, max: 800 })
  })
} as const;

export const PublicItem = z.discriminatedUnion('kind', [
  PUBLIC_ITEMS['single-choice'],
  PUBLIC_ITEMS['multiple-choice'],
  PUBLIC_ITEMS.numeric,
  PUBLIC_ITEMS['short-text'],
  PUBLIC_ITEMS.segmentation,
  PUBLIC_ITEMS['intensity-image'],
  PUBLIC_ITEMS.landmark,
  PUBLIC_ITEMS.transform,
  PUBLIC_ITEMS.project
]);
export type PublicItem = z.infer<typeof PublicItem>;
export type ItemKind = PublicItem['kind'];
export type PublicItemOf<K extends ItemKind> = Extract<PublicItem, { kind: K }>;

export const LatePolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reject') }),
  /** Score multiplied by (1 - perDay × days late), no credit after maxDays. */
  z.object({ kind: z.literal('penalty'), perDay: z.number().min(0).max(1), maxDays: z.number().int().positive() })
]);
export type LatePolicy = z.infer<typeof LatePolicy>;

/** GET api/courses/:course/assessments/:id — the public view of an assessment. */
export const PublicAssessment = z.object({
  id: Slug,
  courseId: Slug,
  lessonId: Slug,
  title: z.string().min(1),
  /** Fraction of the weighted score needed to pass (0–1). */
  passMark: z.number().min(0).max(1),
  maxAttempts: z.number().int().positive().nullable(),
  deadline: z.iso.datetime({ offset: true }).nullable(),
  latePolicy: LatePolicy,
  items: z.array(PublicItem).min(1),
  /** What wrong answers reveal and when (absent from servers older than issue 10). */
  feedbackPolicy: FeedbackPolicy.optional(),
  /** The learner's own variant (public parameters only); prompts are already filled in with it. */
  variant: VariantInfo.nullable().optional()
});
export type PublicAssessment = z.infer<typeof PublicAssessment>;

/** An answer to one item; which shape is valid depends on the item's kind. */
export const AnswerValue = z.discriminatedUnion('type', [
  z.object({ type: z.literal('choice'), selected: z.array(z.string().min(1)).max(ANSWER_LIMITS.choices) }),
  z.object({ type: z.literal('number'), value: z.number().finite(), unit: z.string().max(ANSWER_LIMITS.unitChars).optional() }),
  z.object({ type: z.literal('text'), text: z.string().max(ANSWER_LIMITS.textChars) }),
  z.object({ type: z.literal('point'), point: z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]) }),
  z.object({ type: z.literal('vector'), values: z.array(z.number().finite()).min(1).max(ANSWER_LIMITS.vectorValues) }),
  /** An image uploaded beforehand (POST api/uploads), referenced by its id. */
  z.object({ type: z.literal('image'), uploadId: z.string().min(1).max(ANSWER_LIMITS.uploadIdChars) }),
  /** A project: its notebook and files uploaded beforehand (POST api/project-uploads), and the written report. */
  z.object({ type: z.literal('project'), uploadId: z.string().min(1).max(ANSWER_LIMITS.uploadIdChars), report: z.string().max(ANSWER_LIMITS.reportChars) })
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/** POST api/courses/:course/assessments/:id/submissions */
export const SubmissionRequest = z.object({
  answers: z.record(Slug, AnswerValue).refine((a) => Object.keys(a).length <= 200, 'too many answers'),
  /** The variant tag of the data the answers were computed on (the notebook reports it), if known. */
  variant: z.string().max(40).optional()
});
export type SubmissionRequest = z.infer<typeof SubmissionRequest>;

/** Figures a grader measured, shown to the learner with the feedback (e.g. Dice, HD95 in mm). */
export const Measurements = z.record(z.string(), z.number());

export const ItemResult = z.object({
  itemId: Slug,
  /** 0–1 credit for this item. */
  score: z.number().min(0).max(1),
  points: z.number().min(0),
  maxPoints: z.number().positive(),
  feedback: z.string(),
  measurements: Measurements.optional(),
  /** The rubric result of a reviewed project item. */
  review: ReviewResult.optional(),
  /** An instructor excused this item for this learner: it does not count in the score. */
  excused: z.boolean().optional()
});
export type ItemResult = z.infer<typeof ItemResult>;

/** `review`: stored, automatic items graded, waiting for a person to grade its project. */
export const SubmissionStatus = z.enum(['pending', 'graded', 'error', 'review']);

export const SubmissionResult = z.object({
  id: z.string(),
  assessmentId: Slug,
  courseId: Slug,
  user: z.string(),
  attempt: z.number().int().positive(),
  status: SubmissionStatus,
  submittedAt: z.iso.datetime(),
  gradedAt: z.iso.datetime().nullable(),
  late: z.boolean(),
  /** Weighted score 0–1 after any late penalty. */
  score: z.number().min(0).max(1).nullable(),
  passed: z.boolean().nullable(),
  items: z.array(ItemResult),
  attemptsLeft: z.number().int().nonnegative().nullable(),
  /** The variant this attempt was graded on (assessments with variants). */
  variant: z.string().nullable().optional()
});
export type SubmissionResult = z.infer<typeof SubmissionResult>;
