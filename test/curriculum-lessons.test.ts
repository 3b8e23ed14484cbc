import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNifti } from '../server/src/imaging/nifti.js';
import type { IVolume } from '../server/src/imaging/volume.js';
import { CurriculumHarness, describeFailure, describeGrades, lessonsToCheck, type ILessonCase } from './support/curriculum-harness.js';

/**
 * For every lesson marked available that has an assessment: the learner notebook and the
 * reference solution (assessments/<course>/solutions/<lesson>.ipynb) run top to bottom on the
 * Node kernel, and the course server's graders score what they record. The solution must
 * answer every item and score 100 %; the shipped notebook must score below the pass mark.
 * Capstone projects are graded by people: their reference project must run on the real data.
 *
 * Teaching data comes from ACADEMY_DATASETS_DIR (default .cache/datasets), which `npm test`
 * fills through setup. The 3D lessons take tens of seconds each on the Node kernel.
 */
const ROOT = resolve(import.meta.dirname, '..');
const DATASETS_DIR = resolve(process.env.ACADEMY_DATASETS_DIR ?? join(ROOT, '.cache', 'datasets'));
const LESSON_TIMEOUT_MS = 300_000;

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

/** The two checks every lesson gets, named so a failure reads "<course>/<lesson> …". */
function checkLessons(lessons: ILessonCase[], harness: () => CurriculumHarness): void {
  const named = lessons.map((l): [string, ILessonCase] => [`${l.course}/${l.lesson} (${l.title})`, l]);
  describe.each(named)('%s', (_name, lesson) => {
    it(
      'the learner notebook runs without errors and, as shipped, scores below the pass mark',
      async () => {
        const graded = await harness().runAndGrade(lesson, lesson.notebook);
        expect(graded.run.failure, describeFailure(graded.run)).toBeNull();
        expect(graded.unknown, 'recorded answers for items the assessment does not have').toEqual([]);
        expect(graded.score, `${lesson.notebook} must leave the exercises to the learner:\n${describeGrades(graded)}`).toBeLessThan(lesson.assessment.passMark);
      },
      LESSON_TIMEOUT_MS
    );

    // A capstone project is graded by people with its rubric: its reference project must run on
    // the real data and answer every automatic item; no machine can score its project item.
    const people = lesson.assessment.items.filter((i) => i.kind === 'project').map((i) => i.id);
    if (people.length > 0) {
      it(
        'the reference project runs top to bottom on the real data and leaves only the project item to its graders',
        async () => {
          const graded = await harness().runAndGrade(lesson, lesson.solution);
          expect(graded.run.failure, describeFailure(graded.run)).toBeNull();
          expect(graded.unknown, 'recorded answers for items the assessment does not have').toEqual([]);
          expect(graded.phantoms, 'generated phantoms stand in for these datasets: run `npm run setup` where the sources can be fetched').toEqual([]);
          expect(graded.unanswered).toEqual(people);
          const short = graded.items.filter((i) => !people.includes(i.itemId) && i.outcome.score < 1).map((i) => i.itemId);
          expect(short, describeGrades(graded)).toEqual([]);
        },
        LESSON_TIMEOUT_MS
      );
      return;
    }

    it(
      'the reference solution runs, answers every item and scores 100 %',
      async () => {
        const graded = await harness().runAndGrade(lesson, lesson.solution);
        expect(graded.run.failure, describeFailure(graded.run)).toBeNull();
        expect(graded.unknown, 'recorded answers for items the assessment does not have').toEqual([]);
        expect(graded.unanswered, `${lesson.solution} leaves items unanswered`).toEqual([]);
        expect(graded.phantoms, 'generated phantoms stand in for these datasets, but the keys come from the real data: run `npm run setup` where the sources can be fetched').toEqual([]);
        const short = graded.items.filter((i) => i.outcome.score < 1).map((i) => i.itemId);
        expect(short, `${lesson.solution} must earn full marks on every item:\n${describeGrades(graded)}`).toEqual([]);
        expect(graded.score).toBe(1);
      },
      LESSON_TIMEOUT_MS
    );
  });
}

describe('curriculum harness on its fixture lesson', async () => {
  const fixture = harnessFixture();
  const harness = new CurriculumHarness(fixture.contentDir, fixture.datasetsDir);
  afterAll(() => harness.close());
  const lessons = await lessonsToCheck(fixture.contentDir, fixture.datasetsDir);

  it('checks available lessons with an assessment and skips upcoming ones', () => {
    expect(lessons.map((l) => l.lesson)).toEqual(['ball']);
  });

  checkLessons(lessons, () => harness);

  it('names every item with its credit and feedback when a run falls short', async () => {
    const graded = await harness.runAndGrade(lessons[0]!, lessons[0]!.notebook);
    expect(graded.unanswered).toEqual(['mask', 'ball-volume', 'ball-shape', 'overlap-metric']);
    const report = describeGrades(graded);
    expect(report).toMatch(/^score 0\.0 %/);
    expect(report).toMatch(/mask \(segmentation, weight 1\): 0\.0 % \[no answer\]/);
  });
});

describe('curriculum lessons', async () => {
  const harness = new CurriculumHarness(ROOT, DATASETS_DIR);
  afterAll(() => harness.close());
  const lessons = await lessonsToCheck(ROOT, DATASETS_DIR);
  if (lessons.length === 0) it.skip('no lesson is available with an assessment yet', () => undefined);
  checkLessons(lessons, () => harness);
});
