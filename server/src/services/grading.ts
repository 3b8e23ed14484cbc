import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnswerValue, type SubmissionResult } from '@voxel-academy/protocol';
import { isImageItem, type ContentItem, type ImageReference } from '../assessments/content-schema.js';
import type { ILoadedAssessment } from '../content/load-content.js';
import { describeReference, referenceFile } from '../content/references.js';
import { gradeItem } from '../grading/registry.js';
import type { IGradeOutcome } from '../grading/types.js';
import type { ICompleteGrading, IItemGradeRow, ISubmissionRecord } from '../store/types.js';
import { issueEarnedCertificates } from './certificates.js';
import { assessmentOf, courseOf, type IImageGradeJob, type IServiceContext } from './context.js';

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
    const graded = scored(assessment, record, await gradeItems(ctx, assessment, record), ctx.now());
    const completion = await ctx.store.completeGrading({ ...graded, submissionId: record.id, user: record.user, course: record.course, assessment: record.assessment });
    lessonCompleted = completion.lessonCompleted;
    // What was just written is the answer; re-read only if another grader got there first.
    if (completion.applied) done = { ...record, status: 'graded', items: graded.items, score: graded.score, passed: graded.passed, gradedAt: graded.gradedAt, error: null };
  } catch (err) {
    ctx.log.error('grading failed', { submission: record.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    await ctx.store.failGrading(record.id, 'The submission could not be graded; your course team has been notified in the server log.', ctx.now());
  }
  return announce(ctx, done ?? (await ctx.store.getSubmission(record.id)) ?? record, lessonCompleted);
}

/** True when every item is graded by a fast pure function (no image work in the pool). */
export function gradesInline(assessment: ILoadedAssessment): boolean {
  return !assessment.items.some(isImageItem);
}

/** Pure and synchronous: used inside the store's single submit-and-grade transaction. */
export function gradeInline(assessment: ILoadedAssessment, record: ISubmissionRecord, now: number): IScored {
  const items = assessment.items.map((item) => toRow(item, gradeItem(item, answerFor(record, item.id), {})));
  return scored(assessment, record, items, now);
}

/** Pushes the result (and a newly completed lesson) to the learner's open tabs, and returns it. */
export async function announce(ctx: IServiceContext, record: ISubmissionRecord, lessonCompleted: boolean): Promise<SubmissionResult> {
  const result = await toResult(ctx, record);
  ctx.events.publish(record.user, { type: 'submission.graded', submission: result });
  if (result.passed) {
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

function scored(assessment: ILoadedAssessment, record: ISubmissionRecord, items: IItemGradeRow[], gradedAt: number): IScored {
  const maxPoints = items.reduce((sum, i) => sum + i.maxPoints, 0);
  const raw = items.reduce((sum, i) => sum + i.points, 0) / maxPoints;
  const score = round4(raw * record.lateFactor);
  const passed = score >= assessment.passMark;
  const progress = passed
    ? { user: record.user, course: record.course, lesson: assessment.lesson, kind: 'assessment_passed' as const, at: gradedAt, data: { submission: record.id } }
    : undefined;
  return { items, score, passed, gradedAt, progress };
}

function answerFor(record: ISubmissionRecord, itemId: string): AnswerValue | undefined {
  const parsed = AnswerValue.safeParse(record.answers[itemId]);
  return parsed.success ? parsed.data : undefined;
}

function toRow(item: ContentItem, o: IGradeOutcome): IItemGradeRow {
  const score = Math.min(1, Math.max(0, o.score));
  return { itemId: item.id, score, points: round4(score * item.weight), maxPoints: item.weight, feedback: o.feedback, measurements: o.measurements };
}

async function gradeItems(ctx: IServiceContext, assessment: ILoadedAssessment, record: ISubmissionRecord): Promise<IItemGradeRow[]> {
  const outcomes = new Map<string, IGradeOutcome>();
  const imageJobs: Array<{ itemId: string; job: IImageGradeJob }> = [];
  for (const item of assessment.items) {
    const answer = answerFor(record, item.id);
    if (isImageItem(item)) {
      const answerFile = answer?.type === 'image' ? await uploadFile(ctx, answer.uploadId, record.user) : null;
      imageJobs.push({ itemId: item.id, job: { item, answer, answerFile, referenceFile: imageReferenceFile(ctx, assessment, item.key.reference) } });
    } else {
      outcomes.set(item.id, gradeItem(item, answer, {}));
    }
  }
  if (imageJobs.length > 0) {
    const results = await ctx.images.gradeImages(imageJobs.map((j) => j.job));
    imageJobs.forEach((j, i) => outcomes.set(j.itemId, results[i] ?? { score: 0, feedback: 'This image could not be graded.' }));
  }
  return assessment.items.map((item) => toRow(item, outcomes.get(item.id) ?? { score: 0, feedback: 'This item could not be graded.' }));
}

/**
 * The reference image on disk. A missing one (e.g. a reference dataset setup has not fetched)
 * fails the grading (status "error", named in the log) rather than scoring the learner zero.
 */
function imageReferenceFile(ctx: IServiceContext, assessment: ILoadedAssessment, reference: ImageReference): string {
  const roots = { assessmentDir: assessment.dir, courseId: assessment.courseId, datasets: courseOf(ctx, assessment.courseId).datasets, datasetsDir: ctx.config.datasetsDir };
  const file = referenceFile(reference, roots);
  if (file === null || !existsSync(file)) {
    throw new Error(`reference ${describeReference(reference)} of assessment "${assessment.id}" is not available at ${file ?? '(undeclared)'}: run setup to fetch the teaching data`);
  }
  return file;
}

/** The stored file of an upload, only if it belongs to the submitting learner. */
async function uploadFile(ctx: IServiceContext, uploadId: string, user: string): Promise<string | null> {
  const upload = await ctx.store.getUpload(uploadId);
  return upload && upload.user === user ? join(ctx.config.dataDir, 'uploads', upload.file) : null;
}

export async function toResult(ctx: IServiceContext, r: ISubmissionRecord): Promise<SubmissionResult> {
  const assessment = assessmentOf(ctx, r.course, r.assessment);
  let attemptsLeft: number | null = null;
  if (assessment.maxAttempts !== null) {
    const override = await ctx.store.getOverride(r.user, r.course, r.assessment);
    const used = await ctx.store.attemptsUsed(r.user, r.course, r.assessment);
    attemptsLeft = Math.max(0, assessment.maxAttempts + (override?.extraAttempts ?? 0) - used);
  }
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
      .map(({ measurements, ...i }) => ({ ...i, ...(measurements ? { measurements } : {}) })),
    attemptsLeft
  };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
