import type { AnswerValue } from '@voxel-academy/protocol';
import { mulberry32 } from '@voxel-academy/kernel/random';
import { isImageItem, type AuthoredItem, type ContentItem } from '../src/assessments/content-schema.js';
import { variantAt } from '../src/services/variants.js';
import { variantIndex } from '../src/variants/draw.js';
import { needsSolution, resolveItem } from '../src/variants/resolve.js';
import { eachLesson } from '../src/content/check-course.js';
import type { ICourseContent, ILoadedAssessment } from '../src/content/load-content.js';
import { openDatabase } from '../src/db/connection.js';
import { gradeItem } from '../src/grading/registry.js';
import { round4, scoreOf } from '../src/services/scoring.js';

/**
 * A synthetic cohort written straight into a course server's SQLite file: learners of varied
 * ability working through a course's lessons in order, each attempt answered item by item and
 * graded by the server's own graders (images: a credit drawn from the same ability model), plus
 * projects waiting for or graded by people. For the scale benchmark and the browser test's
 * 2,000-learner heatmap; transactions of a hundred learners keep a running server responsive.
 */
export interface ISeedPlan {
  course: ICourseContent;
  learners: number;
  /** Attempts per assessment a learner reaches (the bench: 3 on every assessment). */
  attempts: number;
  /** Learners (the first ones) with a project submission. */
  projects: number;
  /** Every learner reaches every lesson (the bench) instead of stopping by ability. */
  everyLesson?: boolean;
  /** Names are `<prefix>-0001`… */
  prefix: string;
  now: number;
  seed?: number;
  /**
   * The server's variant secret (`<data>/keys/variant-secret`): with it, items whose keys are
   * expressions of a learner's variant are answered and graded on that learner's own variant,
   * as the server would. Keys the reference solution computes are never seeded.
   */
  variantSecret?: Buffer;
}

export interface ISeedResult {
  learners: number;
  submissions: number;
  itemGrades: number;
  reviews: number;
  ms: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** A right answer with probability p, else one of a few plausible wrong ones (so wrong answers group). */
function answerOf(item: ContentItem, p: number, rnd: () => number): AnswerValue | undefined {
  const right = rnd() < p;
  const k = item.key as Record<string, unknown>;
  switch (item.kind) {
    case 'single-choice':
      return { type: 'choice', selected: [right ? item.key.correct : (item.options.find((o) => o.id !== item.key.correct)?.id ?? item.key.correct)] };
    case 'multiple-choice':
      return { type: 'choice', selected: right ? item.key.correct : item.key.correct.slice(0, 1) };
    case 'numeric':
      return { type: 'number', value: right ? item.key.value : item.key.value * ([10, 0.1, 2][Math.floor(rnd() * 3)] ?? 10) + 1, ...(item.unit ? { unit: item.unit } : {}) };
    case 'short-text':
      return { type: 'text', text: right ? (item.key.accept[0] ?? 'x') : (['dicom', 'png', 'no idea'][Math.floor(rnd() * 3)] ?? 'dicom') };
    case 'landmark':
      return { type: 'point', point: right ? item.key.point : [0, 0, 0] };
    case 'transform':
      return { type: 'vector', values: right ? item.key.values : item.key.values.map((v) => v + 5) };
    case 'segmentation':
    case 'intensity-image':
      return { type: 'image', uploadId: `seed-${String(k['reference'] ?? '')}` };
    case 'project':
      return { type: 'project', uploadId: 'seed', report: 'Seeded project report.' };
  }
}

/**
 * The item with the key the server grades this learner's attempt against: the same for everyone
 * without a variant, or resolved on the learner's variant when the server's secret is given.
 * Null for keys the seed does not compute (from the reference solution, or no secret): those
 * items get a seeded score, like images.
 */
function plainItem(a: ILoadedAssessment, item: AuthoredItem, learner: { user: string; attempt: number; secret: Buffer | undefined }): ContentItem | null {
  if (needsSolution(item)) return null;
  if (a.variant === undefined) return resolveItem(item, { parameters: {} });
  if (!learner.secret) return null;
  const perAttempt = a.variant.policy === 'per-attempt';
  const index = variantIndex(learner.secret, { course: a.courseId, assessment: a.id }, learner.user, perAttempt ? learner.attempt : 0, a.variant.pool);
  return resolveItem(item, { parameters: variantAt(learner.secret, a, index).parameters });
}

/** A plausible answer to an item keyed per learner (the value does not matter: its grade is seeded). */
function variantAnswer(item: AuthoredItem, rnd: () => number): AnswerValue | undefined {
  switch (item.kind) {
    case 'numeric':
      return { type: 'number', value: Math.round(rnd() * 1000) / 10, ...(item.unit ? { unit: item.unit } : {}) };
    case 'landmark':
      return { type: 'point', point: [rnd() * 100, rnd() * 100, rnd() * 100] };
    case 'transform':
      return { type: 'vector', values: item.parameters.map(() => rnd() * 10) };
    case 'segmentation':
    case 'intensity-image':
      return { type: 'image', uploadId: 'seed-variant' };
    default:
      return undefined;
  }
}

export function seedCohort(file: string, plan: ISeedPlan): ISeedResult {
  const started = performance.now();
  const db = openDatabase(file).$client;
  const rnd = mulberry32(plan.seed ?? 12);
  const lessons = [...eachLesson(plan.course.summary)].filter((l) => l.lesson.status === 'available').map((l) => l.lesson);
  const assessmentOf = (id: string | undefined): ILoadedAssessment | undefined => (id === undefined ? undefined : plan.course.assessments.get(id));
  const courseId = plan.course.summary.id;
  const q = {
    user: db.prepare(`insert or ignore into users (name, roles, first_seen, last_seen) values (?, '["learner"]', ?, ?)`),
    enroll: db.prepare('insert or ignore into enrollments (user, course, enrolled_at) values (?, ?, ?)'),
    progress: db.prepare('insert or replace into lesson_progress (user, course, lesson, status, updated_at) values (?, ?, ?, ?, ?)'),
    submission: db.prepare(
      `insert into submissions (id, user, course, assessment, attempt, status, answers, submitted_at, graded_at, late, late_factor, score, passed)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?)`
    ),
    grade: db.prepare('insert into item_grades (submission_id, item_id, score, points, max_points, feedback) values (?, ?, ?, ?, ?, ?)'),
    review: db.prepare('insert into project_reviews (submission_id, user, course, assessment, item_id, status, created_at, grade, graded_by, graded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  };
  const totals = { submissions: 0, itemGrades: 0, reviews: 0 };
  const day = 24 * 3600 * 1000;
  const write = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const user = `${plan.prefix}-${String(n + 1).padStart(4, '0')}`;
      const ability = (rnd() + rnd() + rnd() - 1.5) * 2.5;
      const start = plan.now - (10 + rnd() * 20) * day;
      q.user.run(user, start, plan.now);
      q.enroll.run(user, courseId, start);
      const reach = plan.everyLesson ? lessons.length : Math.max(1, Math.min(lessons.length, Math.round((lessons.length * (ability + 2.5)) / 5)));
      let t = start;
      for (const lesson of lessons.slice(0, reach)) {
        t += rnd() * day;
        const assessment = assessmentOf(lesson.assessment);
        let passed = false;
        const project = assessment?.items.some((i) => i.kind === 'project') ?? false;
        if (assessment && project && n < plan.projects) passed = seedProject(assessment, user, n, t);
        else if (assessment && !project) {
          for (let attempt = 1; attempt <= plan.attempts && (plan.everyLesson || !passed); attempt++) passed = seedAttempt(assessment, user, attempt, ability, t + attempt * 3600_000) || passed;
        }
        q.progress.run(user, courseId, lesson.id, passed ? 'completed' : 'in_progress', t);
      }
    }
  });

  function seedAttempt(a: ILoadedAssessment, user: string, attempt: number, ability: number, at: number): boolean {
    const answers: Record<string, AnswerValue> = {};
    const rows: { itemId: string; score: number; weight: number; feedback: string }[] = [];
    a.items.forEach((item, i) => {
      const p = sigmoid(ability + 1.2 - (i % 4) * 0.6 + 0.5 * (attempt - 1));
      const plain = plainItem(a, item, { user, attempt, secret: plan.variantSecret });
      const answer = plain ? answerOf(plain, p, rnd) : variantAnswer(item, rnd);
      if (answer && rnd() > 0.03) answers[item.id] = answer;
      const seeded = { score: Math.min(1, Math.max(0, p + (rnd() - 0.5) * 0.3)), feedback: plain ? 'Seeded image grade.' : 'Seeded grade on the learner\'s variant.' };
      const graded = !plain || isImageItem(plain) ? seeded : gradeItem(plain, answers[item.id], {});
      rows.push({ itemId: item.id, score: graded.score, weight: item.weight, feedback: graded.feedback });
    });
    // Scored exactly as the server scores (same rounding), so a regrade of seeded data changes nothing.
    const graded = rows.map((r) => ({ itemId: r.itemId, score: r.score, points: round4(r.score * r.weight), maxPoints: r.weight, feedback: r.feedback }));
    const { score, passed } = scoreOf(graded, new Set(), 1, a.passMark);
    const id = `${user}-${a.id}-${attempt}`;
    q.submission.run(id, user, courseId, a.id, attempt, 'graded', JSON.stringify(answers), at, at, score, passed ? 1 : 0);
    for (const r of graded) q.grade.run(id, r.itemId, r.score, r.points, r.maxPoints, r.feedback);
    totals.submissions++;
    totals.itemGrades += rows.length;
    return passed;
  }

  /** Every other project is graded (a draft-free released grade), the rest wait in the queue. */
  function seedProject(a: ILoadedAssessment, user: string, n: number, at: number): boolean {
    const item = a.items.find((i) => i.kind === 'project');
    if (!item || item.kind !== 'project') return false;
    const graded = n % 2 === 0;
    const id = `${user}-${a.id}-1`;
    const levels = item.rubric.criteria.map((c) => c.levels[Math.floor(rnd() * c.levels.length)] ?? c.levels[0]);
    const points = levels.reduce((s, l) => s + (l?.points ?? 0), 0);
    const max = item.rubric.criteria.reduce((s, c) => s + Math.max(...c.levels.map((l) => l.points)), 0);
    const score = Math.round((10_000 * points) / max) / 10_000;
    const answers = { [item.id]: answerOf(item, 1, rnd) };
    q.submission.run(id, user, courseId, a.id, 1, graded ? 'graded' : 'review', JSON.stringify(answers), at, graded ? at : null, graded ? score : null, graded ? (score >= a.passMark ? 1 : 0) : null);
    const grade = graded ? JSON.stringify({ criteria: Object.fromEntries(item.rubric.criteria.map((c, i) => [c.id, { levelId: levels[i]?.id ?? null, comment: '' }])), comment: '', cellComments: [] }) : null;
    if (graded) q.grade.run(id, item.id, score, score * item.weight, item.weight, 'Seeded rubric grade.');
    q.review.run(id, user, courseId, a.id, item.id, graded ? 'graded' : 'open', at, grade, graded ? 'seed-grader' : null, graded ? at : null);
    totals.submissions++;
    totals.reviews++;
    return graded && score >= a.passMark;
  }

  for (let from = 0; from < plan.learners; from += 100) write(from, Math.min(plan.learners, from + 100));
  db.close();
  return { learners: plan.learners, ...totals, ms: Math.round(performance.now() - started) };
}
