import { z } from 'zod';
import { AnswerValue, SubmissionResult } from './assessment.js';
import { Slug } from './catalog.js';
import { CertificateSummary } from './certificates.js';
import { CourseProgress } from './progress.js';

/** The instructor workspace's read models (instructors and admins only). */

/** GET api/courses/:course/overview */
export const CourseOverview = z.object({
  courseId: Slug,
  enrolled: z.number().int().nonnegative(),
  /** Learners with any activity (lesson opened, submission) in the last 7 days. */
  activeThisWeek: z.number().int().nonnegative(),
  submissionsThisWeek: z.number().int().nonnegative(),
  /** Projects submitted and not graded yet. */
  reviewsWaiting: z.number().int().nonnegative(),
  certificatesIssued: z.number().int().nonnegative(),
  tracks: z.array(
    z.object({
      trackId: Slug,
      title: z.string(),
      /** Available lessons of the track. */
      lessons: z.number().int().nonnegative(),
      /** Mean share of the track's lessons completed, over enrolled learners (0–100). */
      meanPercent: z.number().min(0).max(100),
      /** Learners who completed every available lesson of the track. */
      completed: z.number().int().nonnegative(),
      /** Learners per completion band: 0 %, 1–25, 26–50, 51–75, 76–99, 100 %. */
      bands: z.array(z.number().int().nonnegative()).length(6),
      certificates: z.number().int().nonnegative()
    })
  ),
  generatedAt: z.iso.datetime()
});
export type CourseOverview = z.infer<typeof CourseOverview>;

/**
 * Lesson states in the heatmap, one letter per lesson: not started, in progress, in review
 * (a project waits for a grader), passed, failed (graded attempts, none passed).
 */
export const HEATMAP_STATES = { n: 'not started', i: 'in progress', r: 'in review', p: 'passed', f: 'failed' } as const;
export type HeatmapState = keyof typeof HEATMAP_STATES;

/** GET api/courses/:course/heatmap — learners × lessons, compact (a 2,000-learner course is ~100 KB). */
export const Heatmap = z.object({
  courseId: Slug,
  lessons: z.array(z.object({ id: Slug, title: z.string(), trackId: Slug, assessmentId: Slug.nullable(), project: z.boolean() })),
  learners: z.array(
    z.object({
      user: z.string(),
      /** One letter per lesson, in `lessons` order (see HEATMAP_STATES). */
      states: z.string().regex(/^[nirpf]*$/),
      /** Best score per lesson's assessment (0–1), null when none is graded. */
      scores: z.array(z.number().min(0).max(1).nullable()),
      /** Attempts used per lesson's assessment. */
      attempts: z.array(z.number().int().nonnegative()),
      /** Share of available lessons completed (0–100). */
      percent: z.number().min(0).max(100),
      lastActivity: z.iso.datetime().nullable()
    })
  )
});
export type Heatmap = z.infer<typeof Heatmap>;

export const AttentionReason = z.object({
  kind: z.enum(['attempts-exhausted', 'stuck', 'many-failures']),
  lessonId: Slug,
  assessmentId: Slug.nullable(),
  /** One sentence for the instructor, e.g. "5 of 5 attempts used, best 52 %". */
  detail: z.string(),
  since: z.iso.datetime()
});
export type AttentionReason = z.infer<typeof AttentionReason>;

/** How many learners the attention list names at most: the most urgent first. */
export const ATTENTION_LIMIT = 200;

/** GET api/courses/:course/attention — learners who need help, most urgent first. */
export const AttentionList = z.object({
  courseId: Slug,
  /** Days without progress on a started lesson before a learner counts as stuck. */
  stuckDays: z.number().int().positive(),
  /** Failed graded attempts on one assessment that count as many. */
  manyFailures: z.number().int().positive(),
  /** Learners who need help; `learners` lists the most urgent ones (at most ATTENTION_LIMIT). */
  total: z.number().int().nonnegative(),
  learners: z.array(z.object({ user: z.string(), lastActivity: z.iso.datetime().nullable(), reasons: z.array(AttentionReason).min(1) }))
});
export type AttentionList = z.infer<typeof AttentionList>;

/** Per-item statistics (classical test theory, over each learner's first graded attempt). */
export const ItemAnalysis = z.object({
  itemId: Slug,
  kind: z.string(),
  prompt: z.string(),
  weight: z.number(),
  /** Learners whose first attempt answered the item. */
  answered: z.number().int().nonnegative(),
  /** Mean credit (0–1): the higher, the easier. */
  difficulty: z.number().min(0).max(1).nullable(),
  /** Item–rest correlation (−1–1): do learners who do well on the rest of the assessment do well here? */
  discrimination: z.number().min(-1).max(1).nullable(),
  /** Share of learners with full / partial / no credit. */
  credit: z.object({ full: z.number(), partial: z.number(), none: z.number() }),
  /** The most common answers that did not earn full credit. */
  wrongAnswers: z.array(z.object({ answer: z.string(), count: z.number().int().positive() })).max(5),
  /** A warning for the course team (null when the item behaves). */
  flag: z.enum(['nobody-right', 'everybody-right', 'negative-discrimination', 'low-discrimination']).nullable()
});
export type ItemAnalysis = z.infer<typeof ItemAnalysis>;

/** GET api/courses/:course/assessments/:assessment/analytics */
export const AssessmentAnalytics = z.object({
  courseId: Slug,
  assessmentId: Slug,
  title: z.string(),
  passMark: z.number(),
  maxAttempts: z.number().int().positive().nullable(),
  learners: z.number().int().nonnegative(),
  submissions: z.number().int().nonnegative(),
  passRate: z.number().min(0).max(1).nullable(),
  meanBestScore: z.number().min(0).max(1).nullable(),
  /** Learners by best score, ten bins of 10 % (the last includes 100 %). */
  histogram: z.array(z.number().int().nonnegative()).length(10),
  /** Learners by attempts used: `attempts[k]` used k + 1 attempts. */
  attempts: z.array(z.number().int().nonnegative()),
  /** Learners whose first attempt the item statistics use. */
  sample: z.number().int().nonnegative(),
  items: z.array(ItemAnalysis)
});
export type AssessmentAnalytics = z.infer<typeof AssessmentAnalytics>;

/** One submission as an instructor sees it: the answers as sent, the feedback, the variant. */
export const LearnerSubmission = SubmissionResult.extend({
  answers: z.record(z.string(), AnswerValue),
  /** The variant the attempt was graded on (issue 10), null where the assessment has none. */
  variant: z.string().nullable()
});
export type LearnerSubmission = z.infer<typeof LearnerSubmission>;

export const LearnerOverride = z.object({
  assessmentId: Slug,
  extraAttempts: z.number().int().nonnegative(),
  deadline: z.iso.datetime().nullable(),
  excusedItems: z.array(Slug),
  grantedBy: z.string(),
  grantedAt: z.iso.datetime()
});
export type LearnerOverride = z.infer<typeof LearnerOverride>;

/** GET api/courses/:course/learners/:user — one learner, everything an instructor acts on. */
export const LearnerView = z.object({
  courseId: Slug,
  user: z.string(),
  progress: CourseProgress,
  assessments: z.array(
    z.object({
      assessmentId: Slug,
      lessonId: Slug,
      title: z.string(),
      attemptsUsed: z.number().int().nonnegative(),
      attemptsLeft: z.number().int().nonnegative().nullable(),
      best: z.number().min(0).max(1).nullable(),
      passed: z.boolean(),
      deadline: z.iso.datetime().nullable()
    })
  ),
  submissions: z.array(LearnerSubmission),
  certificates: z.array(CertificateSummary),
  overrides: z.array(LearnerOverride)
});
export type LearnerView = z.infer<typeof LearnerView>;

/** POST api/courses/:course/assessments/:assessment/regrade */
export const RegradeRequest = z.object({ dryRun: z.boolean() });
export type RegradeRequest = z.infer<typeof RegradeRequest>;

export const RegradeChange = z.object({
  user: z.string(),
  submissionId: z.string(),
  attempt: z.number().int().positive(),
  before: z.object({ score: z.number().nullable(), passed: z.boolean().nullable() }),
  after: z.object({ score: z.number(), passed: z.boolean() })
});

/** What a regrade changes (dry run) or changed (applied): against the keys the server has now. */
export const RegradeReport = z.object({
  courseId: Slug,
  assessmentId: Slug,
  dryRun: z.boolean(),
  /** Graded submissions looked at, and their learners. */
  submissions: z.number().int().nonnegative(),
  learners: z.number().int().nonnegative(),
  scoresChanged: z.number().int().nonnegative(),
  passesGained: z.number().int().nonnegative(),
  passesLost: z.number().int().nonnegative(),
  /** Items kept at their earlier grade: a project (graded by people) or an image no longer stored. */
  itemsKept: z.number().int().nonnegative(),
  /** The first changes, largest first. */
  changes: z.array(RegradeChange).max(100),
  appliedAt: z.iso.datetime().nullable(),
  ms: z.number().nonnegative()
});
export type RegradeReport = z.infer<typeof RegradeReport>;
