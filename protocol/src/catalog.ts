import { z } from 'zod';

/** The four tiers a course is organised in, in teaching order. */
export const TIERS = ['foundation', 'intermediate', 'advanced', 'specialized'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

/** Ids appear in URLs and file names: lower-case words joined by dashes. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single dashes');

/** A lesson is "upcoming" while it is outlined in the curriculum but not yet written. */
/** What a track's certificate requires (declared in curriculum/<course>/course.yaml). */
export const CertificateRule = z.object({
  /** Title on the certificate; the track title when absent. */
  title: z.string().min(1).optional(),
  /** Assessments that must be passed (at their pass mark, or at `minScore` when higher). */
  requiredAssessments: z.array(Slug).min(1),
  minScore: z.number().min(0).max(1).optional(),
  /** An optional practical project graded like an assessment, with its own minimum. */
  project: z.object({ assessment: Slug, minScore: z.number().min(0).max(1) }).optional()
});
export type CertificateRule = z.infer<typeof CertificateRule>;

export const LessonStatus = z.enum(['available', 'upcoming']);
export type LessonStatus = z.infer<typeof LessonStatus>;

export const LessonSummary = z.object({
  id: Slug,
  title: z.string().min(1),
  summary: z.string().default(''),
  estimatedMinutes: z.number().int().positive(),
  objectives: z.array(z.string().min(1)).default([]),
  /** Ids of lessons (anywhere in the same course) that should be completed first. */
  prerequisites: z.array(Slug).default([]),
  status: LessonStatus,
  /** Id of the lesson's graded assessment (see GET api/courses/:course/assessments/:id). */
  assessment: Slug.optional()
});
export type LessonSummary = z.infer<typeof LessonSummary>;

export const ModuleSummary = z.object({
  id: Slug,
  title: z.string().min(1),
  lessons: z.array(LessonSummary)
});
export type ModuleSummary = z.infer<typeof ModuleSummary>;

export const TrackSummary = z.object({
  id: Slug,
  title: z.string().min(1),
  tier: Tier,
  description: z.string().default(''),
  modules: z.array(ModuleSummary),
  /** What earns this track's certificate; tracks without one award none (yet). */
  certificate: CertificateRule.optional()
});
export type TrackSummary = z.infer<typeof TrackSummary>;

export const CourseSummary = z.object({
  id: Slug,
  title: z.string().min(1),
  summary: z.string().default(''),
  /** Place in the catalog, lowest first; courses without one follow, by id. */
  order: z.number().int().optional(),
  tracks: z.array(TrackSummary)
});
export type CourseSummary = z.infer<typeof CourseSummary>;

/** GET api/catalog — every course this deployment serves, without any answer keys. */
export const Catalog = z.object({
  courses: z.array(CourseSummary)
});
export type Catalog = z.infer<typeof Catalog>;
