import { z } from 'zod';
import { Slug } from './catalog.js';

/**
 * What unlocks a milestone (course.yaml, `gamification.milestones[].when`): exactly one rule.
 * Every rule is checked on the server against graded work and progress, never on the client.
 */
export const MilestoneRule = z.union([
  /** The first image answer (segmentation or intensity image) graded with any credit. */
  z.object({ imageGraded: z.literal(true) }).strict(),
  /** An item of an assessment graded at `minScore` or more (default: full credit). */
  z.object({ item: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'write it as <assessment>/<item>'), minScore: z.number().gt(0).max(1).default(1) }).strict(),
  /** This many lessons of the course completed. */
  z.object({ lessonsCompleted: z.number().int().positive() }).strict(),
  /** Every available lesson of a track completed. */
  z.object({ trackCompleted: Slug }).strict(),
  /** Learning activity on this many days in a row (in the learner's time zone). */
  z.object({ streakDays: z.number().int().min(2).max(365) }).strict()
]);
export type MilestoneRule = z.infer<typeof MilestoneRule>;

/**
 * The gamified path of a course (course.yaml, `gamification`). Points come only from graded work
 * at its best (an item counts once, at its best score), so resubmitting never farms them.
 */
export const GamificationRules = z
  .object({
    /** Off: the sidebar shows no points, level, streak or milestones for this course. */
    enabled: z.boolean().default(true),
    xp: z
      .object({
        /** Per point of item weight, times the item's best score (a weight-2 item at 50 % earns 1 point). */
        perPoint: z.number().int().min(0).max(1000).default(10),
        /** Per lesson completed. */
        perLesson: z.number().int().min(0).max(10_000).default(20),
        /** Per practical project passed (graded by people). */
        perProject: z.number().int().min(0).max(100_000).default(200)
      })
      .strict()
      .default({ perPoint: 10, perLesson: 20, perProject: 200 }),
    /** Points at which each level starts: level 1 at 0, then strictly increasing. */
    levels: z
      .array(z.number().int().min(0))
      .min(2)
      .max(100)
      .refine((l) => l[0] === 0, 'the first level starts at 0 points')
      .refine((l) => l.every((v, i) => i === 0 || v > (l[i - 1] ?? 0)), 'levels must start at strictly increasing points')
      .default([0, 100, 250, 500, 1000, 2000]),
    milestones: z
      .array(z.object({ id: Slug, title: z.string().min(1).max(80), description: z.string().max(300).default(''), when: MilestoneRule }).strict())
      .max(50)
      .default([])
  })
  .strict();
export type GamificationRules = z.infer<typeof GamificationRules>;

/** GET api/courses/:course/journey?tz=<IANA zone> — the learner's own points, level, streak and milestones. */
export const LearningJourney = z.object({
  courseId: Slug,
  enabled: z.boolean(),
  xp: z.number().int().nonnegative(),
  /** Where the points come from. */
  xpFrom: z.object({ items: z.number().int().nonnegative(), lessons: z.number().int().nonnegative(), projects: z.number().int().nonnegative() }),
  level: z.number().int().positive(),
  levelStartsAt: z.number().int().nonnegative(),
  /** Null at the top level. */
  nextLevelAt: z.number().int().positive().nullable(),
  streak: z.object({
    /** Days in a row with learning activity, up to today (or up to yesterday while today has none yet). */
    current: z.number().int().nonnegative(),
    longest: z.number().int().nonnegative(),
    /** Whether today (in `timeZone`) already has activity. */
    activeToday: z.boolean(),
    timeZone: z.string()
  }),
  milestones: z.array(z.object({ id: Slug, title: z.string(), description: z.string(), achievedAt: z.iso.datetime().nullable() }))
});
export type LearningJourney = z.infer<typeof LearningJourney>;
