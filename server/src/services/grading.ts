import { join } from 'node:path';
import { AnswerValue, isImageKind, type SubmissionResult } from '@voxel-academy/protocol';
import type { ContentItem } from '../assessments/content-schema.js';
import type { ILoadedAssessment } from '../content/load-content.js';
import { gradeItem } from '../grading/registry.js';
import type { IGradeContext, IGradeOutcome } from '../grading/types.js';
import type { ICompleteGrading, IItemGradeRow, IOverrideRow, ISubmissionRecord } from '../store/types.js';
import type { ILearnerVariant } from '../variants/materials.js';
import { needsSolution, resolveItem } from '../variants/resolve.js';
import { issueEarnedCertificates } from './certificates.js';
import { openProjectReview, projectAnswerOf, projectReviewResult } from './project-submissions.js';
import { round4, scoreOf } from './scoring.js';
import { publishActivity } from './staff-events.js';
import { assessmentOf, courseOf, type IServiceContext } from './context.js';
import { revealAllowed, revealText } from './feedback-policy.js';
import { gradeAnswers } from './grade-answers.js';
import { resolvedItems, variantOf } from './variants.js';

/**
 * Where a submission keeps the variant tag its answers were computed on (as the notebook
 * reported it): a key no item id can have (ids are lower-case slugs).
 */
export const STATED_VARIANT = '_variant';

/**
 * Grades a stored (pending) submission and records the result in one transaction. Used right
 * after a submit and, at boot, for submissions a crash left pending. Grading the same
 * submission twice records the first result only (the store checks the pending status).
 */
export async function gradeSubmission(ctx: IServiceContext, record: ISubmissionRecord): Promise<SubmissionResult> {
  const assessment = assessmentOf(ctx, record.course, record.assessment);
  let done: ISubmissionRecord | undefined;
  let lessonCompleted = false;
  try {
    const items = await gradeItems(ctx, assessment, record);
    // A submitted project goes to the grading queue; the rest of the assessment is graded now.
    const project = projectAnswerOf(assessment, record);
    if (project) {
      done = await openProjectReview(ctx, assessment, record, items, project.itemId);
    } else {
      const excused = new Set((await ctx.store.getOverride(record.user, record.course, record.assessment))?.excusedItems ?? []);
      const graded = scored(assessment, record, items, ctx.now(), excused);
      const completion = await ctx.store.completeGrading({ ...graded, submissionId: record.id, user: record.user, course: record.course, assessment: record.assessment });
      lessonCompleted = completion.lessonCompleted;
      // What was just written is the answer; re-read only if another grader got there first.
      if (completion.applied) done = { ...record, status: 'graded', items: graded.items, score: graded.score, passed: graded.passed, gradedAt: graded.gradedAt, error: null };
    }
  } catch (err) {
    ctx.log.error('grading failed', { submission: record.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    await ctx.store.failGrading(record.id, 'The submission could not be graded; your course team has been notified in the server log.', ctx.now());
  }
  return announce(ctx, done ?? (await ctx.store.getSubmission(record.id)) ?? record, lessonCompleted);
}

/**
 * True when every item is graded by a fast pure function with keys known in advance (no image
 * work in the pool, no project for people to grade, no variant whose keys depend on the
 * attempt, no solution to run).
 */
export function gradesInline(assessment: ILoadedAssessment): boolean {
  return assessment.variant === undefined && assessment.items.every((item) => !isImageKind(item.kind) && item.kind !== 'project' && !needsSolution(item));
}

/**
 * Pure and synchronous: used inside the store's single submit-and-grade transaction. `answers`
 * are the request's, already validated by its schema: parsing each one again cost ~1 % of the
 * quiz path. Own properties only, so an item named like an Object method finds no answer.
 */
export function gradeInline(assessment: ILoadedAssessment, record: ISubmissionRecord, answers: Readonly<Record<string, AnswerValue>>, now: number, excused: ReadonlySet<string> = NONE): IScored {
  const gradeCtx: IGradeContext = { choiceFeedback: assessment.feedbackPolicy.choices };
  const items = assessment.items.map((authored) => {
    const item = resolveItem(authored, { parameters: {} });
    return toRow(item, gradeItem(item, Object.hasOwn(answers, item.id) ? answers[item.id] : undefined, gradeCtx));
  });
  return scored(assessment, record, items, now, excused);
}

/**
 * Pushes the result (and a newly completed lesson) to the learner's open tabs, and returns it.
 * `mayEarn` false: the store knows this pass is no better than an earlier graded attempt, so it
 * cannot earn a certificate those did not (and anything earned but not issued still is, when
 * the learner lists their certificates). Checking anyway read the learner's best scores and
 * certificates after every pass, ~5 % of the quiz path's CPU under load.
 */
export async function announce(ctx: IServiceContext, record: ISubmissionRecord, lessonCompleted: boolean, mayEarn = true, known?: IKnownAttemptState): Promise<SubmissionResult> {
  const result = await toResult(ctx, record, known);
  ctx.events.publish(record.user, { type: 'submission.graded', submission: result });
  publishActivity(ctx, record.user, record.course, { kind: record.status === 'review' ? 'submitted-for-review' : 'graded', assessmentId: record.assessment });
  if (result.passed && mayEarn) {
    // Certificates are issued after the answer, off the submit path; failures only log.
    void issueEarnedCertificates(ctx, record.user, record.course).catch((err: unknown) =>
      ctx.log.error('certificate issuing failed', { user: record.user, course: record.course, error: err instanceof Error ? err.message : String(err) })
    );
  }
  if (lessonCompleted) {
    const lessonId = assessmentOf(ctx, record.course, record.assessment).lesson;
    ctx.events.publish(record.user, { type: 'progress.updated', courseId: record.course, lessonId, state: 'completed' });
  }
  return result;
}

type IScored = Omit<ICompleteGrading, 'submissionId' | 'user' | 'course' | 'assessment'>;

export function scored(assessment: ILoadedAssessment, record: ISubmissionRecord, items: IItemGradeRow[], gradedAt: number, excused: ReadonlySet<string> = NONE): IScored {
  const { score, passed } = scoreOf(items, excused, record.lateFactor, assessment.passMark);
  const progress = passed
    ? { user: record.user, course: record.course, lesson: assessment.lesson, kind: 'assessment_passed' as const, at: gradedAt, data: { submission: record.id } }
    : undefined;
  return { items, score, passed, gradedAt, progress };
}

const NONE: ReadonlySet<string> = new Set();

function answerFor(record: ISubmissionRecord, itemId: string): AnswerValue | undefined {
  const parsed = AnswerValue.safeParse(record.answers[itemId]);
  return parsed.success ? parsed.data : undefined;
}

export function toRow(item: ContentItem, o: IGradeOutcome): IItemGradeRow {
  const score = Math.min(1, Math.max(0, o.score));
  return { itemId: item.id, score, points: round4(score * item.weight), maxPoints: item.weight, feedback: o.feedback, measurements: o.measurements };
}

/** Grades a stored submission: the answers, the learner's uploads and the variant of its attempt (also used by regrades). */
export async function gradeItems(ctx: IServiceContext, assessment: ILoadedAssessment, record: ISubmissionRecord): Promise<IItemGradeRow[]> {
  const answers: Record<string, AnswerValue | undefined> = {};
  const files = new Map<string, string | null>();
  for (const item of assessment.items) {
    const answer = answerFor(record, item.id);
    answers[item.id] = answer;
    if (answer?.type === 'image') files.set(item.id, await uploadFile(ctx, answer.uploadId, record.user));
  }
  const stated = typeof record.answers[STATED_VARIANT] === 'string' ? (record.answers[STATED_VARIANT] as string) : null;
  const outcomes = await gradeAnswers(
    { materials: ctx.materials, images: ctx.images, course: courseOf(ctx, assessment.courseId), datasetsDir: ctx.config.datasetsDir },
    { assessment, variant: variantOf(ctx, assessment, record.user, record.attempt), answers, answerFiles: files, stated }
  );
  return outcomes.map(({ item, outcome }) => toRow(item, outcome));
}

/** The stored file of an upload, only if it belongs to the submitting learner. */
async function uploadFile(ctx: IServiceContext, uploadId: string, user: string): Promise<string | null> {
  const upload = await ctx.store.getUpload(uploadId);
  return upload && upload.user === user ? join(ctx.config.dataDir, 'uploads', upload.file) : null;
}

/**
 * The learner's override and attempts used as the submitting transaction read them (this
 * submission counted): a result made right after a submit needs no second read of either.
 */
export interface IKnownAttemptState {
  override: IOverrideRow | undefined;
  attemptsUsed: number;
}

export async function toResult(ctx: IServiceContext, r: ISubmissionRecord, known?: IKnownAttemptState): Promise<SubmissionResult> {
  const assessment = assessmentOf(ctx, r.course, r.assessment);
  let attemptsLeft: number | null = null;
  const override = known ? known.override : await ctx.store.getOverride(r.user, r.course, r.assessment);
  if (assessment.maxAttempts !== null) {
    const used = known ? known.attemptsUsed : await ctx.store.attemptsUsed(r.user, r.course, r.assessment);
    attemptsLeft = Math.max(0, assessment.maxAttempts + (override?.extraAttempts ?? 0) - used);
  }
  const excused = new Set(override?.excusedItems ?? []);
  // The rubric result of a reviewed project, for the learner to read beside the score.
  const review = r.status === 'graded' ? await projectReviewResult(ctx, assessment, r.id) : null;
  const variant = variantOf(ctx, assessment, r.user, r.attempt);
  const reveal = r.status === 'graded' && revealAllowed(assessment, { attemptsLeft, now: ctx.now(), personalDeadline: override?.deadline ?? null });
  const revealed = reveal ? await revealTexts(ctx, assessment, variant) : new Map<string, string>();
  return {
    id: r.id,
    assessmentId: r.assessment,
    courseId: r.course,
    user: r.user,
    attempt: r.attempt,
    status: r.status,
    submittedAt: new Date(r.submittedAt).toISOString(),
    gradedAt: r.gradedAt === null ? null : new Date(r.gradedAt).toISOString(),
    late: r.late,
    score: r.score,
    passed: r.passed,
    // In the assessment's order, whatever order storage returns them in.
    items: assessment.items
      .map((item) => r.items.find((i) => i.itemId === item.id))
      .filter((i) => i !== undefined)
      .map(({ measurements, ...i }) => {
        const shown = i.score < 1 ? revealed.get(i.itemId) : undefined;
        return {
          ...i,
          ...(shown ? { feedback: `${i.feedback} ${shown}` } : {}),
          ...(measurements ? { measurements } : {}),
          ...(excused.has(i.itemId) ? { excused: true } : {}),
          ...(review?.itemId === i.itemId ? { review: review.result } : {})
        };
      }),
    attemptsLeft,
    variant: variant?.tag ?? null
  };
}

/** The accepted answers of a variant, by item id (none if its keys cannot be had right now). */
async function revealTexts(ctx: IServiceContext, assessment: ILoadedAssessment, variant: ILearnerVariant | null): Promise<Map<string, string>> {
  try {
    const items = await resolvedItems(ctx.materials, courseOf(ctx, assessment.courseId), assessment, variant);
    return new Map(items.flatMap((item) => {
      const text = revealText(item);
      return text === null ? [] : [[item.id, text] as const];
    }));
  } catch (err) {
    ctx.log.warn('accepted answers unavailable', { assessment: assessment.id, error: err instanceof Error ? err.message : String(err) });
    return new Map();
  }
}

