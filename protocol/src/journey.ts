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
      .default([]),
    /** Offer an opt-in leaderboard by pseudonym (off unless the course says so; instructors can still switch it off). */
    leaderboard: z.boolean().default(false)
  })
  .strict();
export type GamificationRules = z.infer<typeof GamificationRules>;

/** GET api/courses/:course/journey?tz=<IANA zone> — the learner's own points, level, streak and milestones. */
export const LearningJourney = z.object({
  courseId: Slug,
  enabled: z.boolean(),
  /** The course offers an opt-in leaderboard (see api/courses/:course/leaderboard). */
  leaderboard: z.boolean(),
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

/** A leaderboard name: never a real one (the server refuses the names of the course's learners). */
export const Pseudonym = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(24, 'at most 24 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit');

/** PUT api/courses/:course/leaderboard/me — join under a pseudonym (or rename), or leave with null. */
export const LeaderboardJoinRequest = z.object({ pseudonym: Pseudonym.nullable() }).strict();
export type LeaderboardJoinRequest = z.infer<typeof LeaderboardJoinRequest>;

/** PUT api/courses/:course/leaderboard/settings — instructors switch a course's leaderboard off or on again. */
export const LeaderboardSettings = z.object({ enabled: z.boolean() }).strict();
export type LeaderboardSettings = z.infer<typeof LeaderboardSettings>;

/** GET api/courses/:course/leaderboard — pseudonyms and points only, never a learner's name. */
export const Leaderboard = z.object({
  courseId: Slug,
  /** The course offers a leaderboard (course.yaml), whether or not it is switched off. */
  offered: z.boolean(),
  /** The course offers a leaderboard and no instructor switched it off. */
  available: z.boolean(),
  /** Why it is not available, for people. */
  reason: z.string().nullable(),
  /** Your pseudonym while you are on it. */
  pseudonym: z.string().nullable(),
  members: z.number().int().nonnegative(),
  /** The top places (and yours); empty until you join (staff always see them). */
  entries: z.array(z.object({ rank: z.number().int().positive(), pseudonym: z.string(), xp: z.number().int().nonnegative(), level: z.number().int().positive(), you: z.boolean() }))
});
export type Leaderboard = z.infer<typeof Leaderboard>;
