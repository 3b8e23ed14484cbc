import { z } from 'zod';
import { Slug } from './catalog.js';

export const LessonState = z.enum(['not_started', 'in_progress', 'completed']);
export type LessonState = z.infer<typeof LessonState>;

/** GET api/courses/:course/progress — the learner's own progress in one course. */
export const CourseProgress = z.object({
  courseId: Slug,
  user: z.string(),
  lessons: z.array(z.object({ lessonId: Slug, state: LessonState, updatedAt: z.iso.datetime().nullable() })),
  tracks: z.array(
    z.object({
      trackId: Slug,
      completed: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      /** Completed share of the track's available lessons, 0–100. */
      percent: z.number().min(0).max(100)
    })
  ),
  /** First available lesson not yet completed whose prerequisites are all completed. */
  nextLessonId: Slug.nullable()
});
export type CourseProgress = z.infer<typeof CourseProgress>;

/** GET api/courses/:course/roster — instructors only. */
export const Roster = z.object({
  courseId: Slug,
  learners: z.array(
    z.object({
      user: z.string(),
      enrolledAt: z.iso.datetime(),
      completedLessons: z.number().int().nonnegative(),
      percent: z.number().min(0).max(100),
      lastActivity: z.iso.datetime().nullable()
    })
  )
});
export type Roster = z.infer<typeof Roster>;

/** GET api/courses/:course/assessments/:id/stats — instructors only. */
export const AssessmentStats = z.object({
  courseId: Slug,
  assessmentId: Slug,
  learners: z.number().int().nonnegative(),
  submissions: z.number().int().nonnegative(),
  passRate: z.number().min(0).max(1).nullable(),
  meanBestScore: z.number().min(0).max(1).nullable(),
  items: z.array(z.object({ itemId: Slug, meanScore: z.number().min(0).max(1).nullable(), answered: z.number().int().nonnegative() }))
});
export type AssessmentStats = z.infer<typeof AssessmentStats>;

/** PUT api/courses/:course/assessments/:id/overrides/:user — instructors only. */
export const OverrideRequest = z.object({
  extraAttempts: z.number().int().min(0).max(100).default(0),
  deadline: z.iso.datetime({ offset: true }).nullable().default(null),
  /** Items that do not count for this learner (replaces the list; absent keeps it as it is). */
  excusedItems: z.array(Slug).max(200).optional()
});
export type OverrideRequest = z.infer<typeof OverrideRequest>;

/** POST api/uploads — an image decoded and checked, ready to be referenced by an answer. */
export const UploadResult = z.object({
  uploadId: z.string(),
  bytes: z.number().int().positive(),
  size: z.array(z.number().int().positive()),
  spacing: z.array(z.number().positive()),
  origin: z.array(z.number())
});
export type UploadResult = z.infer<typeof UploadResult>;

/** GET api/courses/:course/lessons/:lesson/notebook — the learner's starting notebook. */
export const LessonNotebook = z.object({
  courseId: Slug,
  lessonId: Slug,
  /** Content hash of the shipped notebook: a different value means the course updated it. */
  version: z.string(),
  notebook: z.record(z.string(), z.unknown())
});
export type LessonNotebook = z.infer<typeof LessonNotebook>;
