import { z } from 'zod';
import { PUBLIC_ITEMS } from './assessment.js';
import { Slug } from './catalog.js';
import { CellComment, CriterionGrade, ReviewResult } from './rubric.js';

/**
 * Practical projects: what a learner uploads (POST api/project-uploads), and the grading queue
 * instructors work through (api/courses/:course/assessments/:assessment/reviews…, api/reviews/:id…).
 */

/** Files travel as text or base64; paths are relative to the project notebook's folder. */
export const ProjectFile = z.object({
  path: z.string().min(1).max(200).regex(/^(?!\/)(?!.*\.\.)[^\\\0]+$/, 'a relative path without ".."'),
  encoding: z.enum(['text', 'base64']),
  content: z.string()
});
export type ProjectFile = z.infer<typeof ProjectFile>;

/** POST api/project-uploads — a snapshot of the project notebook (outputs included) and the files it names. */
export const ProjectBundle = z.object({
  /** Where the notebook lives in the learner's workspace, e.g. `academy/medical-image-analysis/foundation-capstone.ipynb`. */
  notebookPath: z.string().min(1).max(300),
  /** The notebook as nbformat 4 JSON. */
  notebook: z.object({ nbformat: z.literal(4), cells: z.array(z.record(z.string(), z.unknown())).max(2000) }).passthrough(),
  files: z.array(ProjectFile).max(20).default([])
});
export type ProjectBundle = z.infer<typeof ProjectBundle>;

export const ProjectUploadResult = z.object({
  uploadId: z.string(),
  bytes: z.number().int().positive(),
  cells: z.number().int().nonnegative(),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative() }))
});
export type ProjectUploadResult = z.infer<typeof ProjectUploadResult>;

/**
 * Where a project stands in the queue. `claimed`: a grader holds it (for `claimExpiresAt`);
 * `superseded`: the learner submitted a newer attempt, which is graded instead.
 */
export const ReviewStatus = z.enum(['open', 'claimed', 'graded', 'superseded']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const ReviewSummary = z.object({
  submissionId: z.string(),
  courseId: Slug,
  assessmentId: Slug,
  /** The learner's name, or null while the project is graded anonymously. */
  learner: z.string().nullable(),
  /** A stable pseudonym for anonymous grading, e.g. "Learner 7f3a". */
  alias: z.string(),
  attempt: z.number().int().positive(),
  submittedAt: z.iso.datetime(),
  late: z.boolean(),
  status: ReviewStatus,
  claimedBy: z.string().nullable(),
  claimExpiresAt: z.iso.datetime().nullable(),
  gradedBy: z.string().nullable(),
  /** The submission's score once graded (0–1). */
  score: z.number().min(0).max(1).nullable()
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;

/** GET api/courses/:course/assessments/:assessment/reviews — the grading queue of one project. */
export const ReviewQueue = z.object({
  courseId: Slug,
  assessmentId: Slug,
  title: z.string(),
  anonymous: z.boolean(),
  counts: z.object({ open: z.number().int(), claimed: z.number().int(), graded: z.number().int() }),
  reviews: z.array(ReviewSummary)
});
export type ReviewQueue = z.infer<typeof ReviewQueue>;

/** A grade as the grader saves it: a level and comment per criterion, a general comment, cell comments. */
export const ReviewGrade = z.object({
  criteria: z.record(Slug, CriterionGrade).refine((c) => Object.keys(c).length <= 20, 'at most 20 criteria'),
  comment: z.string().max(8000).default(''),
  cellComments: z.array(CellComment).max(300).default([])
});
export type ReviewGrade = z.infer<typeof ReviewGrade>;

/** PUT api/reviews/:id/grade — `release: false` saves a draft (the claim is kept), `true` grades the submission. */
export const ReviewGradeRequest = ReviewGrade.extend({ release: z.boolean() });
export type ReviewGradeRequest = z.infer<typeof ReviewGradeRequest>;

/** POST api/reviews/:id/claim — `force` takes over a claim another grader left (e.g. gone for the day). */
export const ReviewClaimRequest = z.object({ force: z.boolean().default(false) });
export type ReviewClaimRequest = z.infer<typeof ReviewClaimRequest>;

/** GET api/reviews/:id — everything a grader needs beside the rubric. */
export const ReviewDetail = z.object({
  summary: ReviewSummary,
  item: PUBLIC_ITEMS.project,
  /** What the course team expects (hidden from learners), e.g. the figures a correct analysis finds. */
  graderNotes: z.string().nullable(),
  report: z.string(),
  notebookPath: z.string(),
  notebook: z.record(z.string(), z.unknown()),
  files: z.array(ProjectFile.extend({ bytes: z.number().int().nonnegative() })),
  /** The saved grade: a draft while claimed, the final one once graded. */
  grade: ReviewGrade.nullable(),
  /** The released result as the learner sees it, once graded. */
  result: ReviewResult.nullable(),
  /** Position in the queue, for previous/next. */
  previousId: z.string().nullable(),
  nextId: z.string().nullable()
});
export type ReviewDetail = z.infer<typeof ReviewDetail>;

/** POST api/courses/:course/assessments/:assessment/reviews/next — claims the next project for this grader. */
export const ReviewNext = z.object({
  review: ReviewDetail.nullable(),
  /** Projects still waiting for a grader (not claimed by anyone). */
  remaining: z.number().int().nonnegative()
});
export type ReviewNext = z.infer<typeof ReviewNext>;
