import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectBundle, ReviewGrade, type ReviewDetail, type ReviewGradeRequest, type ReviewNext, type ReviewQueue, type ReviewSummary } from '@voxel-academy/protocol';
import { projectItemOf, publicItem, type ContentItemOf } from '../assessments/content-schema.js';
import type { ILoadedAssessment } from '../content/load-content.js';
import type { ClaimOutcome, IReviewRow } from '../store/instructor-types.js';
import { assessmentOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { notFound, ServiceError } from './errors.js';
import { announce, scored } from './grading.js';
import { projectAnswerOf } from './project-submissions.js';
import { checkGrade, projectItemRow, reviewResult } from './rubric.js';
import { publishActivity, publishReviewChanged } from './staff-events.js';

/** How long a claim holds without a save: long enough to grade one project, short enough that a grader who left frees it. */
export const CLAIM_MS = 30 * 60_000;

/**
 * The grading queue of practical projects. Graders claim a project before grading it, so
 * several can share a queue without grading the same project twice; every claim, take-over and
 * grade is audited; a released grade reaches the learner live and may complete a certificate.
 */

function projectAssessment(ctx: IServiceContext, courseId: string, assessmentId: string): { assessment: ILoadedAssessment; item: ContentItemOf<'project'> } {
  const assessment = assessmentOf(ctx, courseId, assessmentId);
  const item = projectItemOf(assessment.items);
  if (!item) throw notFound(`Project "${assessmentId}" (this assessment has no project item)`);
  return { assessment, item };
}

/** A stable pseudonym per learner and project that only the server can compute (names cannot be tried against it). */
function alias(ctx: IServiceContext, row: Pick<IReviewRow, 'user' | 'course' | 'assessment'>): string {
  const digest = createHmac('sha256', ctx.config.apiToken).update(`${row.course}\u0000${row.assessment}\u0000${row.user}`).digest('hex');
  return `Learner ${digest.slice(0, 4)}`;
}

function summaryOf(ctx: IServiceContext, row: IReviewRow, anonymous: boolean): ReviewSummary {
  const now = ctx.now();
  const claimed = row.status === 'open' && row.claimedBy !== null && (row.claimExpiresAt ?? 0) > now;
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
  return {
    submissionId: row.submissionId,
    courseId: row.course,
    assessmentId: row.assessment,
    learner: anonymous ? null : row.user,
    alias: alias(ctx, row),
    attempt: row.attempt,
    submittedAt: new Date(row.submittedAt).toISOString(),
    late: row.late,
    status: claimed ? 'claimed' : row.status,
    claimedBy: claimed ? row.claimedBy : null,
    claimExpiresAt: claimed ? iso(row.claimExpiresAt) : null,
    gradedBy: row.gradedBy,
    score: row.status === 'graded' ? row.score : null
  };
}

const isAnonymous = (item: ContentItemOf<'project'>, asked: boolean): boolean => item.key.anonymous || asked;

export async function reviewQueue(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string, askedAnonymous: boolean): Promise<ReviewQueue> {
  requireInstructor(actor);
  const { assessment, item } = projectAssessment(ctx, courseId, assessmentId);
  const anonymous = isAnonymous(item, askedAnonymous);
  const reviews = (await ctx.store.reviews.list(courseId, assessmentId)).map((r) => summaryOf(ctx, r, anonymous));
  const count = (s: ReviewSummary['status']): number => reviews.filter((r) => r.status === s).length;
  return { courseId, assessmentId, title: assessment.title, anonymous, counts: { open: count('open'), claimed: count('claimed'), graded: count('graded') }, reviews };
}

export async function nextReview(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string, askedAnonymous: boolean): Promise<ReviewNext> {
  requireInstructor(actor);
  projectAssessment(ctx, courseId, assessmentId);
  const now = ctx.now();
  const { row, remaining } = await ctx.store.reviews.claimNext(courseId, assessmentId, actor.user, now, now + CLAIM_MS);
  if (row) publishReviewChanged(ctx, courseId, assessmentId, row.submissionId);
  return { review: row ? await detailOf(ctx, row, askedAnonymous) : null, remaining };
}

export async function reviewDetail(ctx: IServiceContext, actor: IActor, submissionId: string, askedAnonymous: boolean): Promise<ReviewDetail> {
  requireInstructor(actor);
  const row = await ctx.store.reviews.get(submissionId);
  if (!row) throw notFound('Project submission');
  return detailOf(ctx, row, askedAnonymous);
}

export async function claimReview(ctx: IServiceContext, actor: IActor, submissionId: string, force: boolean): Promise<ReviewSummary> {
  requireInstructor(actor);
  const now = ctx.now();
  const outcome = await ctx.store.reviews.claim(submissionId, actor.user, now, now + CLAIM_MS, force);
  const row = claimed(outcome);
  if (row.status === 'superseded') throw new ServiceError('conflict', 'A newer attempt replaced this project', 'Grade the learner’s latest attempt instead.');
  publishReviewChanged(ctx, row.course, row.assessment, submissionId);
  const { item } = projectAssessment(ctx, row.course, row.assessment);
  return summaryOf(ctx, row, item.key.anonymous);
}

/** Saves a draft, or releases the grade: the submission is scored and the learner told. */
export async function gradeReview(ctx: IServiceContext, actor: IActor, submissionId: string, request: ReviewGradeRequest, askedAnonymous: boolean): Promise<ReviewDetail> {
  requireInstructor(actor);
  const existing = await ctx.store.reviews.get(submissionId);
  if (!existing) throw notFound('Project submission');
  if (existing.status === 'superseded') throw new ServiceError('conflict', 'A newer attempt replaced this project', 'Grade the learner’s latest attempt instead.');
  const { assessment, item } = projectAssessment(ctx, existing.course, existing.assessment);
  const { release, ...grade } = request;
  checkGrade(item.rubric, grade, release);
  const now = ctx.now();
  if (!release && existing.status === 'graded') {
    throw new ServiceError('conflict', 'This project is graded', 'To change the grade, release the new one: the learner’s score is recomputed and they are told.');
  }
  if (!release) {
    const row = claimed(await ctx.store.reviews.saveDraft(submissionId, actor.user, grade, now, now + CLAIM_MS));
    return detailOf(ctx, row, askedAnonymous);
  }
  const record = await ctx.store.getSubmission(submissionId);
  if (!record) throw notFound('Submission');
  const items = [...record.items.filter((i) => i.itemId !== item.id), projectItemRow(item, grade)];
  const excused = new Set((await ctx.store.getOverride(record.user, record.course, record.assessment))?.excusedItems ?? []);
  const result = scored(assessment, record, items, now, excused);
  const outcome = await ctx.store.reviews.complete({ submissionId, grader: actor.user, grade, item: projectItemRow(item, grade), score: result.score, passed: result.passed, now, progress: result.progress });
  const row = claimed(outcome);
  publishReviewChanged(ctx, row.course, row.assessment, submissionId);
  publishActivity(ctx, row.user, row.course, { kind: 'reviewed', assessmentId: row.assessment });
  // The learner's open tabs get the rubric result; a pass may complete the lesson and a certificate.
  await announce(ctx, { ...record, status: 'graded', items, score: result.score, passed: result.passed, gradedAt: now, error: null }, outcome.kind === 'ok' && outcome.lessonCompleted === true);
  return detailOf(ctx, row, askedAnonymous);
}

function claimed(outcome: ClaimOutcome): IReviewRow {
  if (outcome.kind === 'not_found') throw notFound('Project submission');
  if (outcome.kind === 'held') {
    throw new ServiceError('conflict', `${outcome.by} is grading this project`, `Their claim lasts until ${new Date(outcome.until).toISOString()}; take another project, or take this one over (force) if they have left.`);
  }
  return outcome.row;
}

async function detailOf(ctx: IServiceContext, row: IReviewRow, askedAnonymous: boolean): Promise<ReviewDetail> {
  const { assessment, item } = projectAssessment(ctx, row.course, row.assessment);
  const anonymous = isAnonymous(item, askedAnonymous);
  const record = await ctx.store.getSubmission(row.submissionId);
  const answer = record ? projectAnswerOf(assessment, record)?.answer : undefined;
  const bundle = answer ? await readBundle(ctx, answer.uploadId) : null;
  const saved = ReviewGrade.safeParse(row.grade);
  const queue = (await ctx.store.reviews.list(row.course, row.assessment)).filter((r) => r.status !== 'superseded' || r.submissionId === row.submissionId);
  const at = queue.findIndex((r) => r.submissionId === row.submissionId);
  return {
    summary: summaryOf(ctx, row, anonymous),
    item: publicItem(item) as ReviewDetail['item'],
    graderNotes: item.key.graderNotes ?? null,
    report: answer?.report ?? '',
    notebookPath: bundle?.notebookPath ?? '',
    notebook: bundle?.notebook ?? { nbformat: 4, cells: [] },
    files: (bundle?.files ?? []).map((f) => ({ ...f, bytes: f.encoding === 'base64' ? Buffer.from(f.content, 'base64').length : Buffer.byteLength(f.content) })),
    grade: saved.success ? saved.data : null,
    result: row.status === 'graded' && saved.success && row.gradedAt !== null ? reviewResult(item.rubric, saved.data, row.gradedAt) : null,
    previousId: at > 0 ? (queue[at - 1]?.submissionId ?? null) : null,
    nextId: at >= 0 && at < queue.length - 1 ? (queue[at + 1]?.submissionId ?? null) : null
  };
}

/** The uploaded notebook and files (null if the upload or its file is gone: the grader sees an empty notebook and the report). */
async function readBundle(ctx: IServiceContext, uploadId: string): Promise<ProjectBundle | null> {
  const upload = await ctx.store.reviews.getUpload(uploadId);
  if (!upload) return null;
  try {
    const parsed = ProjectBundle.safeParse(JSON.parse(await readFile(join(ctx.config.dataDir, 'projects', upload.file), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch (err) {
    ctx.log.warn('project upload unreadable', { upload: uploadId, error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
