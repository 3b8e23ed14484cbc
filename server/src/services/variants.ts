import type { AssessmentVariants, LessonVariant, VariantInfo } from '@voxel-academy/protocol';
import type { ContentItem } from '../assessments/content-schema.js';
import type { ICourseContent, ILoadedAssessment } from '../content/load-content.js';
import { eachLesson } from '../content/check-course.js';
import { drawParameters, variantIndex, variantTag } from '../variants/draw.js';
import { learnerView, type ILearnerVariant, type IMaterialFile, type VariantMaterials } from '../variants/materials.js';
import { hasComputedKey, hiddenReferenceOf, needsSolution, resolveItem, solutionImageOf } from '../variants/resolve.js';
import { assessmentOf, courseOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { notFound } from './errors.js';

/**
 * Which variant a learner works on, and the variant's data and keys. Variants are computed,
 * never stored: the server secret and (course, assessment, learner, attempt group) decide them.
 */
export function variantOf(ctx: IServiceContext, a: ILoadedAssessment, user: string, attempt: number): ILearnerVariant | null {
  const spec = a.variant;
  if (!spec) return null;
  const perAttempt = spec.policy === 'per-attempt';
  const index = variantIndex(ctx.variantSecret, { course: a.courseId, assessment: a.id }, user, perAttempt ? attempt : 0, spec.pool);
  return variantAt(ctx.variantSecret, a, index, perAttempt ? attempt : null);
}

/** Variant number `index` of the assessment's pool (the curriculum check samples them this way). */
export function variantAt(secret: Buffer, a: ILoadedAssessment, index: number, attempt: number | null = null): ILearnerVariant {
  const spec = a.variant;
  if (!spec) throw new Error(`assessment "${a.id}" has no variant`);
  const id = { course: a.courseId, assessment: a.id };
  return { index, tag: variantTag(secret, id, index), attempt, parameters: drawParameters(secret, id, spec, index) };
}

/** The attempt a learner is working towards: the next one, or the last allowed once all are used. */
export async function currentAttempt(ctx: IServiceContext, user: string, a: ILoadedAssessment): Promise<number> {
  const used = await ctx.store.attemptsUsed(user, a.courseId, a.id);
  if (a.maxAttempts === null) return used + 1;
  const extra = (await ctx.store.getOverride(user, a.courseId, a.id))?.extraAttempts ?? 0;
  return Math.max(1, Math.min(used + 1, a.maxAttempts + extra));
}

export async function currentVariant(ctx: IServiceContext, user: string, a: ILoadedAssessment): Promise<ILearnerVariant | null> {
  if (!a.variant) return null;
  return variantOf(ctx, a, user, await currentAttempt(ctx, user, a));
}

/** What the learner may know about their variant: tag and public parameters. */
export function variantInfo(a: ILoadedAssessment, v: ILearnerVariant): VariantInfo {
  const info = learnerView(a, v);
  if (!info) throw new Error(`assessment "${a.id}" has no variant`);
  return info;
}

function lessonAssessment(course: ICourseContent, lessonId: string): ILoadedAssessment | null {
  const found = [...eachLesson(course.summary)].find((l) => l.lesson.id === lessonId);
  if (!found) throw notFound(`Lesson "${lessonId}" in course "${course.summary.id}"`);
  const id = found.lesson.assessment;
  return id === undefined ? null : (course.assessments.get(id) ?? null);
}

/** GET lessons/:lesson/variant — what `course.variant()` returns; also starts making the keys. */
export async function lessonVariant(ctx: IServiceContext, actor: IActor, courseId: string, lessonId: string): Promise<LessonVariant> {
  const course = courseOf(ctx, courseId);
  const a = lessonAssessment(course, lessonId);
  const v = a ? await currentVariant(ctx, actor.user, a) : null;
  if (a && (v || needsMaterials(a))) ctx.materials.warm(course, a, v);
  return { courseId, lessonId, assessmentId: a?.id ?? null, variant: a && v ? variantInfo(a, v) : null };
}

/**
 * The learner's own copy of a dataset when the lesson's assessment varies it; null means the
 * shared file (outside a lesson, or a dataset the variant leaves alone).
 */
export async function learnerDataset(ctx: IServiceContext, actor: IActor, courseId: string, datasetId: string, lessonId: string | null): Promise<(IMaterialFile & { tag: string }) | null> {
  if (lessonId === null) return null;
  const course = courseOf(ctx, courseId);
  const a = lessonAssessment(course, lessonId);
  if (!a?.variant?.datasets[datasetId]) return null;
  const v = await currentVariant(ctx, actor.user, a);
  if (!v) return null;
  const file = await ctx.materials.dataset(course, a, v, datasetId);
  ctx.materials.warm(course, a, v);
  return { ...file, tag: v.tag };
}

function needsMaterials(a: ILoadedAssessment): boolean {
  return a.items.some((i) => needsSolution(i) || hiddenReferenceOf(i) !== null);
}

/** True when the item's key or reference differs between variants. */
export function isVariantItem(a: ILoadedAssessment, item: ILoadedAssessment['items'][number]): boolean {
  return a.variant !== undefined && (hasComputedKey(item) || hiddenReferenceOf(item) !== null || solutionImageOf(item));
}

/** The items as graders take them, for one learner's attempt (keys of that attempt's variant). */
export async function resolvedItems(materials: VariantMaterials, course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null): Promise<ContentItem[]> {
  const solution = a.items.some(needsSolution) ? await materials.solutionAnswers(course, a, v) : undefined;
  return a.items.map((item) => resolveItem(item, { parameters: v?.parameters ?? {}, solution }));
}

/** GET assessments/:assessment/variants — every learner's variant with all its parameters. */
export async function assessmentVariants(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string): Promise<AssessmentVariants> {
  requireInstructor(actor);
  const a = assessmentOf(ctx, courseId, assessmentId);
  const spec = a.variant;
  if (!spec) throw notFound(`Variants of assessment "${assessmentId}" (it declares none)`);
  const users = new Set((await ctx.store.roster(courseId)).map((r) => r.user));
  for (const s of await ctx.store.listSubmissions({ course: courseId, assessment: assessmentId })) users.add(s.user);
  const learners: AssessmentVariants['learners'] = [];
  for (const user of [...users].sort()) {
    const last = spec.policy === 'per-attempt' ? await currentAttempt(ctx, user, a) : 1;
    for (let attempt = 1; attempt <= last; attempt++) {
      const v = variantOf(ctx, a, user, attempt);
      if (v) learners.push({ user, tag: v.tag, index: v.index, attempt: v.attempt, parameters: v.parameters });
    }
  }
  return {
    courseId,
    assessmentId,
    policy: spec.policy,
    pool: spec.pool,
    parameters: Object.entries(spec.parameters).map(([name, p]) => ({ name, public: p.public, ...(p.unit ? { unit: p.unit } : {}) })),
    learners
  };
}
