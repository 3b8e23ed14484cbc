import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AnswerValue, ReviewGrade, type AnswerOf, type ProjectBundle, type ProjectUploadResult, type ReviewResult } from '@voxel-academy/protocol';
import { projectItemOf } from '../assessments/content-schema.js';
import type { ILoadedAssessment } from '../content/load-content.js';
import type { IItemGradeRow, ISubmissionRecord } from '../store/types.js';
import type { IActor, IServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { reviewResult } from './rubric.js';
import { publishReviewChanged } from './staff-events.js';

/**
 * The learner's side of practical projects: uploading the notebook snapshot and files,
 * checking a project answer on submit, putting the submission in the grading queue, and the
 * rubric result shown with the submission once a person graded it.
 */

/** Bytes of a bundle file as sent (base64 counts its decoded size). */
const fileBytes = (f: ProjectBundle['files'][number]): number => (f.encoding === 'base64' ? Buffer.from(f.content, 'base64').length : Buffer.byteLength(f.content));

/** Snapshots a learner may upload per hour: plenty for real work, a wall against filling the disk. */
export const PROJECT_UPLOADS_PER_HOUR = 30;

const tooManySnapshots = (): ServiceError =>
  new ServiceError('rate_limited', 'Too many project snapshots', `At most ${PROJECT_UPLOADS_PER_HOUR} snapshots an hour: attach the latest one when your project is ready.`, 600);

export async function createProjectUpload(ctx: IServiceContext, actor: IActor, bundle: ProjectBundle): Promise<ProjectUploadResult> {
  const hourAgo = ctx.now() - 3600_000;
  if ((await ctx.store.reviews.uploadsSince(actor.user, hourAgo)) >= PROJECT_UPLOADS_PER_HOUR) throw tooManySnapshots();
  if (bundle.files.some((f) => f.encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(f.content))) {
    throw new ServiceError('bad_request', 'A file is not valid base64', 'Send binary files (images, masks) base64-encoded, text files as text.');
  }
  const paths = bundle.files.map((f) => f.path);
  if (new Set(paths).size !== paths.length) throw new ServiceError('bad_request', 'The same file twice', 'Each file of a project is sent once.');
  const text = JSON.stringify(bundle);
  const dir = join(ctx.config.dataDir, 'projects');
  await mkdir(dir, { recursive: true });
  const id = ctx.newId();
  const file = `${id}.json`;
  await writeFile(join(dir, file), text, { mode: 0o600 });
  const manifest = { notebookPath: bundle.notebookPath, cells: bundle.notebook.cells.length, files: bundle.files.map((f) => ({ path: f.path, bytes: fileBytes(f) })) };
  const bytes = Buffer.byteLength(text);
  // Counted again where it is written: snapshots sent together all passed the count above.
  if (!(await ctx.store.reviews.insertUpload({ id, user: actor.user, createdAt: ctx.now(), bytes, file, manifest }, actor.user, { since: hourAgo, max: PROJECT_UPLOADS_PER_HOUR }))) {
    await rm(join(dir, file), { force: true });
    throw tooManySnapshots();
  }
  return { uploadId: id, bytes, cells: manifest.cells, files: manifest.files };
}

/** The submission's project answer, when the assessment has a project item and the learner answered it. */
export function projectAnswerOf(assessment: ILoadedAssessment, record: Pick<ISubmissionRecord, 'answers'>): { itemId: string; answer: AnswerOf<'project'> } | null {
  const item = projectItemOf(assessment.items);
  if (!item) return null;
  const parsed = AnswerValue.safeParse(record.answers[item.id]);
  return parsed.success && parsed.data.type === 'project' ? { itemId: item.id, answer: parsed.data } : null;
}

/**
 * On submit, before an attempt is spent: a project answer must name the learner's own upload
 * (another learner's id, or one that never existed, would put someone else's work in the queue).
 */
export async function checkProjectAnswer(ctx: IServiceContext, actor: IActor, assessment: ILoadedAssessment, answers: Record<string, unknown>): Promise<void> {
  const project = projectAnswerOf(assessment, { answers });
  if (!project) return;
  const upload = await ctx.store.reviews.getUpload(project.answer.uploadId);
  if (!upload || upload.user !== actor.user) {
    throw new ServiceError('bad_request', 'Project files not found', 'Attach your project notebook again (the upload it names is not yours or does not exist), then submit.');
  }
}

/** pending → review: the automatic items are graded now; the project waits for a grader. Returns the record to announce. */
export async function openProjectReview(
  ctx: IServiceContext,
  assessment: ILoadedAssessment,
  record: ISubmissionRecord,
  rows: IItemGradeRow[],
  itemId: string
): Promise<ISubmissionRecord> {
  const items = rows.filter((r) => r.itemId !== itemId);
  const opened = await ctx.store.reviews.open({ submissionId: record.id, user: record.user, course: record.course, assessment: assessment.id, itemId, items, at: ctx.now() });
  if (opened) publishReviewChanged(ctx, record.course, assessment.id, record.id);
  return opened ? { ...record, status: 'review', items } : ((await ctx.store.getSubmission(record.id)) ?? record);
}

/** The rubric result of a graded project submission, for the learner (null for other assessments). */
export async function projectReviewResult(ctx: IServiceContext, assessment: ILoadedAssessment, submissionId: string): Promise<{ itemId: string; result: ReviewResult } | null> {
  const item = projectItemOf(assessment.items);
  if (!item) return null;
  const row = await ctx.store.reviews.get(submissionId);
  if (!row || row.status !== 'graded' || row.gradedAt === null) return null;
  const grade = ReviewGrade.safeParse(row.grade);
  return grade.success ? { itemId: item.id, result: reviewResult(item.rubric, grade.data, row.gradedAt) } : null;
}
