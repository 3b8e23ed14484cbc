import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnswerValue, isImageKind, type RegradeReport } from '@voxel-academy/protocol';
import type { ILoadedAssessment } from '../content/load-content.js';
import type { IRegradeWrite } from '../store/instructor-types.js';
import type { IItemGradeRow, ISubmissionRecord } from '../store/types.js';
import { assessmentOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { announce, gradeItems } from './grading.js';
import { scoreOf } from './scoring.js';
import { publishActivity } from './staff-events.js';

/** Submissions read, computed or written between two yields to the event loop: quiz submits keep flowing during a regrade. */
const BATCH = 200;

type Change = RegradeReport['changes'][number];

/** A regrade write, with every item row (for the learner's result) besides the changed ones (for storage). */
type Write = IRegradeWrite & { items: IItemGradeRow[] };

interface IComputed {
  writes: Write[];
  changes: Change[];
  records: Map<string, ISubmissionRecord>;
  itemsKept: number;
}

/**
 * Regrades every graded submission of an assessment against the keys the server has now (a
 * key fixed in the YAML, the server restarted). A dry run reports how many scores and passes
 * would change; applying writes them in batches, each one transaction with its audit entries,
 * then tells each learner whose latest result changed, and issues certificates a pass completes.
 */
export async function regradeAssessment(ctx: IServiceContext, actor: IActor, courseId: string, assessmentId: string, dryRun: boolean): Promise<RegradeReport> {
  requireInstructor(actor);
  const started = performance.now();
  const assessment = assessmentOf(ctx, courseId, assessmentId);
  const ids = await ctx.store.cohort.gradedIds(courseId, assessmentId);
  const excused = await ctx.store.cohort.excused(courseId, assessmentId);
  // Read and computed a page at a time, yielding between pages: quiz submits keep flowing.
  const computed: IComputed = { writes: [], changes: [], records: new Map(), itemsKept: 0 };
  const learners = new Set<string>();
  for (let at = 0; at < ids.length; at += BATCH) {
    const records = await ctx.store.cohort.records(ids.slice(at, at + BATCH));
    for (const r of records) learners.add(r.user);
    const page = await recompute(assessment, records, excused, ctx.now(), async (r) => {
      const { rows, kept } = await regradedRows(ctx, assessment, r);
      computed.itemsKept += kept;
      return rows;
    });
    computed.writes.push(...page.writes);
    computed.changes.push(...page.changes);
    for (const [id, r] of page.records) computed.records.set(id, r);
    await yieldToEventLoop();
  }
  return finish(ctx, actor, assessment, { submissions: ids.length, learners: learners.size }, computed, { dryRun, started, reason: 'regrade' });
}

/** After an instructor changes a learner's excused items: their graded submissions are scored again (grades stay, the total changes). */
export async function rescoreLearner(ctx: IServiceContext, actor: IActor, assessment: ILoadedAssessment, user: string): Promise<number> {
  const records = (await ctx.store.listSubmissions({ user, course: assessment.courseId, assessment: assessment.id })).filter((r) => r.status === 'graded');
  const excused = await ctx.store.cohort.excused(assessment.courseId, assessment.id);
  const computed = await recompute(assessment, records, excused, ctx.now(), async (r) => r.items);
  const report = await finish(ctx, actor, assessment, { submissions: records.length, learners: 1 }, { ...computed, itemsKept: 0 }, { dryRun: false, started: performance.now(), reason: 'excuse' });
  return report.scoresChanged;
}

async function recompute(
  assessment: ILoadedAssessment,
  records: ISubmissionRecord[],
  excused: ReadonlyMap<string, string[]>,
  now: number,
  rowsOf: (r: ISubmissionRecord) => Promise<IItemGradeRow[]>
): Promise<Omit<IComputed, 'itemsKept'>> {
  const writes: Write[] = [];
  const changes: Change[] = [];
  const byId = new Map<string, ISubmissionRecord>();
  for (const r of records) {
    const rows = await rowsOf(r);
    const { score, passed } = scoreOf(rows, new Set(excused.get(r.user) ?? []), r.lateFactor, assessment.passMark);
    const sameRows = rows.length === r.items.length && rows.every((row) => sameRow(row, r.items.find((i) => i.itemId === row.itemId)));
    if (sameRows && score === r.score && passed === r.passed) continue;
    byId.set(r.id, r);
    const changedItems = rows.filter((row) => !sameRow(row, r.items.find((i) => i.itemId === row.itemId)));
    // An item taken out of the assessment since: its stored grade goes too, or a later rescore would count it.
    const removedItems = r.items.filter((i) => !rows.some((row) => row.itemId === i.itemId)).map((i) => i.itemId);
    const progress = passed && r.passed !== true ? { user: r.user, course: r.course, lesson: assessment.lesson, kind: 'assessment_passed' as const, at: now, data: { submission: r.id, regrade: true } } : undefined;
    writes.push({ submissionId: r.id, user: r.user, gradedAtBefore: r.gradedAt, changedItems, removedItems, items: rows, score, passed, progress });
    if (score !== r.score || passed !== r.passed) changes.push({ user: r.user, submissionId: r.id, attempt: r.attempt, before: { score: r.score, passed: r.passed }, after: { score, passed } });
  }
  return { writes, changes, records: byId };
}

/** Audit actions: a regrade of the whole assessment, or one learner's submissions rescored after an excuse. */
const AUDIT = {
  regrade: { each: 'submission.regraded', all: 'assessment.regraded' },
  excuse: { each: 'submission.rescored', all: 'learner.rescored' }
} as const;

async function finish(
  ctx: IServiceContext,
  actor: IActor,
  assessment: ILoadedAssessment,
  counts: { submissions: number; learners: number },
  c: IComputed,
  run: { dryRun: boolean; started: number; reason: keyof typeof AUDIT }
): Promise<RegradeReport> {
  const { dryRun, started } = run;
  const gained = c.changes.filter((x) => x.after.passed && x.before.passed !== true).length;
  const lost = c.changes.filter((x) => !x.after.passed && x.before.passed === true).length;
  const now = ctx.now();
  const summary = { submissions: counts.submissions, scoresChanged: c.changes.length, passesGained: gained, passesLost: lost, itemsKept: c.itemsKept };
  if (!dryRun && c.writes.length > 0) {
    const target = `${assessment.courseId}/${assessment.id}`;
    // Written in batches, each one transaction with its audit entries (the summary with the
    // last): the event loop is never held for the whole regrade. A regrade interrupted by a
    // crash is completed by running it again: it recomputes from the keys.
    const written = new Set<string>();
    for (let at = 0; at < c.writes.length; at += BATCH) {
      const last = at + BATCH >= c.writes.length;
      const batch = await ctx.store.cohort.applyRegrade(c.writes.slice(at, at + BATCH), { actor: actor.user, at: now, target, ...AUDIT[run.reason], ...(last ? { summary } : {}) });
      for (const id of batch) written.add(id);
      await yieldToEventLoop();
    }
    await tellLearners(ctx, c, written);
    if (run.reason === 'regrade') publishActivity(ctx, actor.user, assessment.courseId, { kind: 'regraded', assessmentId: assessment.id });
  }
  const sorted = [...c.changes].sort((a, b) => Math.abs(b.after.score - (b.before.score ?? 0)) - Math.abs(a.after.score - (a.before.score ?? 0)));
  return {
    courseId: assessment.courseId,
    assessmentId: assessment.id,
    dryRun,
    learners: counts.learners,
    ...summary,
    changes: sorted.slice(0, 100),
    appliedAt: dryRun ? null : new Date(now).toISOString(),
    ms: Math.round(performance.now() - started)
  };
}

/** Each learner's latest changed attempt is pushed to their open tabs (one notification per learner, not per attempt). */
async function tellLearners(ctx: IServiceContext, c: IComputed, written: ReadonlySet<string>): Promise<void> {
  const latest = new Map<string, Write>();
  for (const w of c.writes) {
    if (!written.has(w.submissionId)) continue;
    const record = c.records.get(w.submissionId);
    const held = latest.get(w.user);
    if (record && (!held || (c.records.get(held.submissionId)?.attempt ?? 0) < record.attempt)) latest.set(w.user, w);
  }
  let told = 0;
  for (const w of latest.values()) {
    const record = c.records.get(w.submissionId);
    if (record) await announce(ctx, { ...record, items: w.items, score: w.score, passed: w.passed }, w.progress !== undefined);
    if (++told % 50 === 0) await yieldToEventLoop();
  }
}

/** Fresh grades of a stored submission; items people graded, and images no longer stored, keep their grade. */
async function regradedRows(ctx: IServiceContext, assessment: ILoadedAssessment, r: ISubmissionRecord): Promise<{ rows: IItemGradeRow[]; kept: number }> {
  const keep = new Set<string>();
  for (const item of assessment.items) {
    if (item.kind === 'project') keep.add(item.id);
    else if (isImageKind(item.kind) && !(await imageStillStored(ctx, r, item.id))) keep.add(item.id);
  }
  let fresh: IItemGradeRow[];
  try {
    fresh = await gradeItems(ctx, assessment, r);
  } catch (err) {
    ctx.log.warn('regrade kept a submission as it was', { submission: r.id, error: err instanceof Error ? err.message : String(err) });
    return { rows: r.items, kept: r.items.length };
  }
  const rows = fresh.flatMap((row) => {
    if (!keep.has(row.itemId)) return [row];
    const before = r.items.find((i) => i.itemId === row.itemId);
    return before ? [before] : [];
  });
  return { rows, kept: [...keep].filter((id) => r.items.some((i) => i.itemId === id)).length };
}

async function imageStillStored(ctx: IServiceContext, r: ISubmissionRecord, itemId: string): Promise<boolean> {
  const answer = AnswerValue.safeParse(r.answers[itemId]);
  if (!answer.success || answer.data.type !== 'image') return true;
  const upload = await ctx.store.getUpload(answer.data.uploadId);
  return upload !== undefined && existsSync(join(ctx.config.dataDir, 'uploads', upload.file));
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

const sameRow = (a: IItemGradeRow, b: IItemGradeRow | undefined): boolean =>
  b !== undefined && a.score === b.score && a.points === b.points && a.maxPoints === b.maxPoints && a.feedback === b.feedback;
