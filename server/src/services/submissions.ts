import type { PublicAssessment, SubmissionRequest, SubmissionResult } from '@voxel-academy/protocol';
import { publicItem } from '../assessments/content-schema.js';
import { decideAttempt } from './attempt-rules.js';
import { assessmentOf, courseOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { forbidden, notFound, ServiceError } from './errors.js';
import { announce, gradeInline, gradesInline, gradeSubmission, STATED_VARIANT, toResult } from './grading.js';
import { checkProjectAnswer } from './project-submissions.js';
import { currentVariant, variantInfo } from './variants.js';
import type { AttemptDecision, IAttemptState } from '../store/types.js';

/**
 * The learner-facing view of an assessment: no keys, no reference data, no feedback texts;
 * prompts filled in with the learner's public variant parameters.
 */
export async function getPublicAssessment(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string): Promise<PublicAssessment> {
  const a = assessmentOf(ctx, courseId, assessmentId);
  const v = await currentVariant(ctx, actor.user, a);
  const variant = v ? variantInfo(a, v) : null;
  // Opening the questions is a good moment to start computing this variant's keys.
  if (v) ctx.materials.warm(courseOf(ctx, courseId), a, v);
  return {
    id: a.id,
    courseId,
    lessonId: a.lesson,
    title: a.title,
    passMark: a.passMark,
    maxAttempts: a.maxAttempts,
    deadline: a.deadline,
    latePolicy: a.latePolicy,
    feedbackPolicy: a.feedbackPolicy,
    variant,
    items: a.items.map((item) => publicItem(item, variant?.parameters ?? {}))
  };
}

export interface ISubmitInput {
  courseId: string;
  assessmentId: string;
  request: SubmissionRequest;
  idempotencyKey: string | null;
}

/**
 * Stores the submission durably (attempt rules checked in the same transaction), then grades
 * it. A retried request with the same idempotency key returns the first submission.
 */
export async function submitAssessment(ctx: IServiceContext, actor: IActor, input: ISubmitInput): Promise<{ result: SubmissionResult; duplicate: boolean }> {
  const assessment = assessmentOf(ctx, input.courseId, input.assessmentId);
  const itemIds = new Set(assessment.items.map((i) => i.id));
  const unknown = Object.keys(input.request.answers).filter((id) => !itemIds.has(id));
  if (unknown.length > 0) {
    throw new ServiceError('bad_request', 'Answers for unknown items', `This assessment has no item(s) ${unknown.join(', ')}.`);
  }
  const retryAfter = await ctx.submitLimiter.take(`${actor.user}\u0000${input.courseId}\u0000${input.assessmentId}`);
  if (retryAfter > 0) {
    throw new ServiceError('rate_limited', 'Too many submissions', `Wait ${retryAfter} s before submitting this assessment again.`, retryAfter);
  }
  const now = ctx.now();
  const rules = {
    maxAttempts: assessment.maxAttempts,
    deadline: assessment.deadline === null ? null : Date.parse(assessment.deadline),
    latePolicy: assessment.latePolicy
  };
  const reserve = {
    user: actor.user,
    course: input.courseId,
    assessment: input.assessmentId,
    idempotencyKey: input.idempotencyKey,
    // The variant tag the notebook reported travels with the answers (a key no item id can have).
    answers: input.request.variant === undefined ? input.request.answers : { ...input.request.answers, [STATED_VARIANT]: input.request.variant },
    // Uploads the answers name are kept from then on (retention deletes only unused ones).
    uploadIds: Object.values(input.request.answers).flatMap((a) => (a.type === 'image' ? [a.uploadId] : [])),
    // Stored already claimed by this replica, which grades it next: no other replica's sweeper
    // takes it unless this one dies and the lease lapses.
    claim: ctx.grading.claim(),
    now,
    newId: ctx.newId()
  };
  // The attempt state the transaction reads serves the rest of the submit: the grade computed
  // right after, in the same transaction, leaves the excused items out, and the result says the
  // attempts left as of this submission (no second read of either). A retried transaction
  // decides again: the last state is the committed one.
  let excused: ReadonlySet<string> = new Set();
  let state: IAttemptState | undefined;
  const decide = (read: IAttemptState): AttemptDecision => {
    state = read;
    excused = read.override?.excusedItems.length ? new Set(read.override.excusedItems) : new Set();
    return decideAttempt(rules, now, read);
  };
  await checkProjectAnswer(ctx, actor, assessment, input.request.answers);
  // Quiz-only assessments commit submission and grades together (one transaction, ~2× the
  // throughput); image grading runs in the worker pool after the submission is stored.
  const inline = gradesInline(assessment);
  const outcome = inline
    ? await ctx.store.submitAndGrade(reserve, decide, (record) => gradeInline(assessment, record, input.request.answers, ctx.now(), excused))
    : await ctx.store.reserveAttempt(reserve, decide);
  if (outcome.kind === 'refused') throw new ServiceError(outcome.reason, outcome.message);
  if (outcome.kind === 'duplicate') return { result: await toResult(ctx, outcome.submission), duplicate: true };
  const submission = outcome.submission;
  const known = state && { override: state.override, attemptsUsed: submission.attempt };
  const result = inline
    ? await announce(ctx, submission, outcome.lessonCompleted === true, outcome.newBest !== false, known)
    : await ctx.grading.hold(submission.id, () => gradeSubmission(ctx, submission));
  return { result, duplicate: false };
}

export async function listOwnSubmissions(ctx: IServiceContext, actor: IActor, filter: { course?: string; assessment?: string }): Promise<SubmissionResult[]> {
  const records = await ctx.store.listSubmissions({ user: actor.user, ...filter });
  return Promise.all(records.filter((r) => ctx.content.courses.get(r.course)?.assessments.has(r.assessment)).map((r) => toResult(ctx, r)));
}

/** A learner sees their own submissions; instructors see anyone's. */
export async function getSubmission(ctx: IServiceContext, actor: IActor, id: string): Promise<SubmissionResult> {
  const record = await ctx.store.getSubmission(id);
  if (!record) throw notFound('Submission');
  if (record.user !== actor.user) {
    try {
      requireInstructor(actor);
    } catch {
      // Same answer as for a missing id: do not reveal that someone else's submission exists.
      throw notFound('Submission');
    }
  }
  if (!ctx.content.courses.get(record.course)?.assessments.has(record.assessment)) throw forbidden('This assessment is no longer published.');
  return toResult(ctx, record);
}
