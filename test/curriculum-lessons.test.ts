import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNifti } from '../server/src/imaging/nifti.js';
import type { IVolume } from '../server/src/imaging/volume.js';
import { datasetOrigin } from '../server/src/services/datasets.js';
import { datasetPath } from '../server/src/content/datasets.js';
import type { ILearnerVariant } from '../server/src/variants/materials.js';
import { CurriculumHarness, describeFailure, describeGrades, lessonsToCheck, type IGraded, type ILessonCase, type ISubmissionLike } from './support/curriculum-harness.js';
import { answerableFromLesson, lazyLearner } from './support/lazy-learner.js';

/**
 * For every lesson marked available that has an assessment, on the Node kernel and the course
 * server's own variant, key and grading code (issue 10):
 *   - the shipped notebook runs on a learner's variant and scores below the pass mark;
 *   - a lazy learner (values read off the lesson, the public view and earlier feedback,
 *     downloaded datasets as image answers, choice options cycled) stays below the pass mark
 *     on every attempt, and no practical item is answered in full by a value the lesson shows;
 *   - the reference solution answers every item and scores 100 % on VARIANTS sampled variants
 *     (4 in `npm test`, every variant of the pool in `npm run test:curriculum`);
 *   - a copying neighbour (another variant's correct answers) earns nothing on any item whose
 *     key varies, and stays below the pass mark.
 *   - a capstone project is graded by people: its reference project runs on the real data and
 *     answers every automatic item in full.
 * Teaching data comes from ACADEMY_DATASETS_DIR (default .cache/datasets), which `npm test`
 * fills through setup. Notebook runs go to two worker threads.
 */
const ROOT = resolve(import.meta.dirname, '..');
const DATASETS_DIR = resolve(process.env.ACADEMY_DATASETS_DIR ?? join(ROOT, '.cache', 'datasets'));
/**
 * Variants sampled per lesson. `npm test` checks 4 (the first of the fixed order, every check on
 * every lesson: about a quarter of the full sweep's time); `npm run test:curriculum` sets `all`,
 * every variant of every pool, which an author runs before a changed lesson is merged.
 */
const VARIANTS = variantsToSample(process.env.VOXEL_CURRICULUM_VARIANTS);

function variantsToSample(setting: string | undefined): number {
  if (setting === undefined || setting === '') return 4;
  if (setting === 'all') return Infinity;
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 2) throw new Error(`VOXEL_CURRICULUM_VARIANTS=${setting}: give a whole number of at least 2 (a copying neighbour needs a second variant), or "all"`);
  return n;
}
const LESSON_TIMEOUT_MS = 30 * 60_000;

/** The fixture course with its teaching data generated (no binaries in git). */
function harnessFixture(): { contentDir: string; datasetsDir: string } {
  const contentDir = mkdtempSync(join(tmpdir(), 'voxel-harness-content-'));
  cpSync(join(import.meta.dirname, 'fixtures', 'curriculum-harness'), contentDir, { recursive: true });
  const datasetsDir = join(contentDir, 'datasets');
  mkdirSync(join(datasetsDir, 'harness-demo'), { recursive: true });
  // A ball of radius 6 voxels around the centre of a 24³ grid of 1 mm voxels: 100 inside, 0 outside.
  const n = 24;
  const mask = new Uint8Array(n * n * n);
  const c = (n - 1) / 2;
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mask[x + n * (y + n * z)] = Math.hypot(x - c, y - c, z - c) <= 6 ? 1 : 0;
  const grid: Omit<IVolume, 'data'> = { size: [n, n, n], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  writeFileSync(join(datasetsDir, 'harness-demo', 'ball-mask.nii.gz'), writeNifti({ ...grid, data: mask }, { gzip: true }));
  writeFileSync(join(datasetsDir, 'harness-demo', 'ball.nii.gz'), writeNifti({ ...grid, data: Int16Array.from(mask, (v) => v * 100) }, { gzip: true }));
  return { contentDir, datasetsDir };
}

function copyReport(graded: IGraded, own: ILearnerVariant | null, theirs: ILearnerVariant | null): string {
  return `the answers of variant ${theirs?.tag ?? 'base'} graded on ${own?.tag ?? 'base'}:\n${describeGrades(graded)}`;
}

/** The checks every lesson gets, named so a failure reads "<course>/<lesson> …". */
function checkLessons(lessons: ILessonCase[], harness: () => CurriculumHarness, datasetsDir: string): void {
  const named = lessons.map((l): [string, ILessonCase] => [`${l.course}/${l.lesson} (${l.title})`, l]);
  describe.each(named)('%s', (_name, lesson) => {
    const solutions = new Map<number, { variant: ILearnerVariant | null; submission: ISubmissionLike }>();

    // A capstone project is graded by people with its rubric: its reference project must run on
    // the real data and answer every automatic item in full; no machine scores the project item.
    const people = lesson.assessment.items.filter((i) => i.kind === 'project').map((i) => i.id);
    if (people.length > 0) {
      it(
        'the reference project runs top to bottom on the real data and leaves only the project item to its graders',
        async () => {
          const h = harness();
          const [variant = null] = h.variants(lesson, 1);
          const graded = await h.grade(lesson, variant, await h.solution(lesson, variant));
          expect(graded.unanswered).toEqual(people);
          const short = graded.items.filter((i) => !people.includes(i.itemId) && i.outcome.score < 1).map((i) => i.itemId);
          expect(short, describeGrades(graded)).toEqual([]);
        },
        LESSON_TIMEOUT_MS
      );
      return;
    }

    it(
      'the learner notebook runs on a variant and, as shipped, scores below the pass mark; a lazy learner stays below it on every attempt',
      async () => {
        const h = harness();
        const [variant] = h.variants(lesson, 1);
        const shipped = await h.runShipped(lesson, variant ?? null);
        expect(shipped.failure, describeFailure(shipped, lesson.notebook)).toBeNull();
        const unknown = Object.keys(shipped.answers).filter((id) => !lesson.assessment.items.some((i) => i.id === id));
        expect(unknown, 'recorded answers for items the assessment does not have').toEqual([]);
        const asShipped = await h.grade(lesson, variant ?? null, { answers: Object.fromEntries(Object.entries(shipped.answers)) as ISubmissionLike['answers'], files: new Map() });
        expect(asShipped.score, `${lesson.notebook} must leave the exercises to the learner:\n${describeGrades(asShipped)}`).toBeLessThan(lesson.assessment.passMark);

        const materials = await h.materials();
        const answerable = await answerableFromLesson(materials, lesson, variant ?? null, shipped);
        expect(answerable, 'practical items keyed the same for everyone and answered in full by a value the lesson, its outputs or the public view shows (must-have 3)').toEqual([]);
        // Under the per-attempt policy every attempt is on a new variant.
        const perAttempt = lesson.assessment.variant?.policy === 'per-attempt';
        const attemptVariants = perAttempt ? h.variants(lesson, lesson.assessment.maxAttempts ?? 10) : [variant ?? null];
        const attempts = await lazyLearner(h, materials, lesson, attemptVariants, shipped);
        for (const { attempt, graded } of attempts) {
          expect(graded.score, `lazy learner, attempt ${attempt} of ${attempts.length}:\n${describeGrades(graded)}`).toBeLessThan(lesson.assessment.passMark);
        }
      },
      LESSON_TIMEOUT_MS
    );


    it(
      `the reference solution answers every item and scores 100 % on ${VARIANTS === Infinity ? 'every variant of its pool' : `${VARIANTS} sampled variants`}`,
      async () => {
        const h = harness();
        for (const entry of lesson.content.datasets.values()) {
          const path = datasetPath(datasetsDir, lesson.course, entry);
          expect(datasetOrigin(path, entry.file), `${entry.id}: a generated phantom stands in, but the keys come from the real data: run \`npm run setup\` where the sources can be fetched`).toBe('real');
        }
        const variants = h.variants(lesson, VARIANTS);
        if (lesson.assessment.variant) expect(variants.length).toBe(Math.min(VARIANTS, lesson.assessment.variant.pool));
        // All variants at once: the harness's worker pool runs two notebooks at a time.
        const graded = await Promise.all(
          variants.map(async (variant, i) => {
            const submission = await h.solution(lesson, variant);
            solutions.set(i, { variant, submission });
            return { variant, graded: await h.grade(lesson, variant, submission) };
          })
        );
        for (const { variant, graded: g } of graded) {
          const where = `on variant ${variant?.tag ?? 'base'} ${JSON.stringify(variant?.parameters ?? {})}`;
          expect(g.unanswered, `the solution leaves items unanswered ${where}`).toEqual([]);
          const short = g.items.filter((i) => i.outcome.score < 1).map((i) => i.itemId);
          expect(short, `the solution must earn full marks on every item ${where}:\n${describeGrades(g)}`).toEqual([]);
        }
      },
      LESSON_TIMEOUT_MS
    );

    it(
      'a copying neighbour earns nothing on any item whose key differs on their variant, and stays below the pass mark',
      async () => {
        const h = harness();
        const runs = [...solutions.entries()].sort(([x], [y]) => x - y).map(([, run]) => run);
        expect(runs.length, 'the solution check runs first and keeps its runs').toBeGreaterThan(0);
        expect(lesson.assessment.variant, 'every lesson needs variants: without them a neighbour’s answers are everyone’s answers').toBeDefined();
        const varying = lesson.assessment.items.filter((i) => runs[0] && h.varies(lesson, i));
        expect(varying.length, 'the assessment has items whose keys vary').toBeGreaterThan(0);
        // Every ordered pair of variants; image answers are graded (a second or so each) between
        // each variant and the next only, numbers between all pairs.
        const imageIds = new Set(lesson.assessment.items.filter((i) => i.kind === 'segmentation' || i.kind === 'intensity-image').map((i) => i.id));
        for (const [i, own] of runs.entries()) {
          for (const [j, neighbour] of runs.entries()) {
            if (i === j || neighbour.variant?.index === own.variant?.index) continue;
            const next = j === (i + 1) % runs.length;
            // The numbers and images only: a copier would not send the neighbour's variant tag.
            const answers = Object.fromEntries(Object.entries(neighbour.submission.answers).filter(([id]) => next || !imageIds.has(id)));
            const graded = await h.grade(lesson, own.variant, { answers, files: neighbour.submission.files, stated: null });
            const differ = await h.keysDiffer(lesson, own.variant, neighbour.variant);
            const earned = graded.items.filter((g) => g.varies && differ.has(g.itemId) && g.outcome.score > 0).map((g) => `${g.itemId} (${(g.outcome.score * 100).toFixed(0)} %)`);
            expect(earned, copyReport(graded, own.variant, neighbour.variant)).toEqual([]);
            if (next) expect(graded.score, copyReport(graded, own.variant, neighbour.variant)).toBeLessThan(lesson.assessment.passMark);
          }
        }
        // Items keyed the same on every variant are not variant items in effect: say so if a
        // declared one is.
        const first = runs[0]?.variant ?? null;
        const everDiffer = new Set<string>();
        for (const run of runs.slice(1)) for (const id of await h.keysDiffer(lesson, first, run.variant)) everDiffer.add(id);
        expect(varying.filter((i) => everDiffer.has(i.id)).length, 'items whose keys differ between variants').toBeGreaterThan(0);
      },
      LESSON_TIMEOUT_MS
    );
  });
}

describe('curriculum harness on its fixture lesson', async () => {
  const fixture = harnessFixture();
  const harness = new CurriculumHarness(fixture.datasetsDir);
  afterAll(() => harness.close());
  const lessons = await lessonsToCheck(fixture.contentDir, fixture.datasetsDir);

  it('checks available lessons with an assessment and skips upcoming ones', () => {
    expect(lessons.map((l) => l.lesson)).toEqual(['ball']);
  });

  checkLessons(lessons, () => harness, fixture.datasetsDir);

  it('names every item with its credit and feedback when a run falls short', async () => {
    const lesson = lessons[0]!;
    const [variant] = harness.variants(lesson, 1);
    const graded = await harness.grade(lesson, variant ?? null, { answers: {}, files: new Map() });
    expect(graded.unanswered).toEqual(['mask', 'centre', 'ball-volume', 'ball-shape', 'overlap-metric']);
    const report = describeGrades(graded);
    expect(report).toMatch(/^score 0\.0 %/);
    expect(report).toMatch(/mask \(segmentation, weight 2, varies\): 0\.0 % \[no answer\]/);
  });
});

describe('curriculum lessons', async () => {
  const harness = new CurriculumHarness(DATASETS_DIR);
  afterAll(() => harness.close());
  const lessons = await lessonsToCheck(ROOT, DATASETS_DIR);
  if (lessons.length === 0) it.skip('no lesson is available with an assessment yet', () => undefined);
  checkLessons(lessons, () => harness, DATASETS_DIR);
});
