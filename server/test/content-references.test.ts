import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionResult } from '@voxel-academy/protocol';
import { loadContent } from '../src/content/load-content.js';
import { ContentError } from '../src/content/problems.js';
import { referenceFile } from '../src/content/references.js';
import { writeNifti } from '../src/imaging/nifti.js';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent, fixtureDatasetsDir, sphere } from './support/fixture-content.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';

/** An assessment of the demo course's lesson-three whose one mask item is keyed by `reference`. */
function withAssessment(dir: string, id: string, reference: string): string {
  writeFileSync(
    join(dir, 'assessments', 'demo', `${id}.yaml`),
    `id: ${id}\nlesson: lesson-three\ntitle: ${id}\npassMark: 0.5\nitems:\n  - id: ball\n    kind: segmentation\n    prompt: Segment the ball.\n    key: { reference: ${reference} }\n`
  );
  return dir;
}

const SOLUTION_MARKER = 'reference-solution-only-7f3a';

/** A reference solution next to the assessments, as authors keep them. */
function withSolutions(dir: string): string {
  const solutions = join(dir, 'assessments', 'demo', 'solutions');
  mkdirSync(solutions, { recursive: true });
  const cell = { cell_type: 'code', source: `course.answer('water', 0) // ${SOLUTION_MARKER}`, metadata: {}, outputs: [] };
  writeFileSync(join(solutions, 'lesson-one.ipynb'), JSON.stringify({ cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  // Not an assessment even though it is YAML: only files directly in assessments/<course>/ are.
  writeFileSync(join(solutions, 'quiz.yaml'), `id: not-an-assessment # ${SOLUTION_MARKER}\n`);
  return dir;
}

async function problemsOf(dir: string): Promise<string> {
  const error = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) }).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(ContentError);
  return (error as Error).message;
}

describe('image references to teaching datasets', () => {
  it('resolves { dataset } against <datasets dir>/<course>/<file> as datasets.yaml declares it', async () => {
    const dir = withAssessment(fixtureContent(), 'by-dataset', '{ dataset: sphere }');
    const content = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) });
    const course = content.courses.get('demo')!;
    const assessment = course.assessments.get('by-dataset')!;
    const item = assessment.items[0]!;
    expect(item.kind === 'segmentation' && item.key.reference).toEqual({ dataset: 'sphere' });
    if (item.kind !== 'segmentation') throw new Error('expected a segmentation item');
    const roots = { assessmentDir: assessment.dir, courseId: 'demo', datasets: course.datasets, datasetsDir: fixtureDatasetsDir(dir) };
    expect(referenceFile(item.key.reference, roots)).toBe(join(fixtureDatasetsDir(dir), 'demo', 'sphere.nii.gz'));
    expect(referenceFile('reference/sphere.nii.gz', roots)).toBe(join(dir, 'assessments', 'demo', 'reference', 'sphere.nii.gz'));
    expect(content.notices).toEqual([]);
  });

  it('rejects a dataset the course does not declare', async () => {
    const message = await problemsOf(withAssessment(fixtureContent(), 'by-dataset', '{ dataset: no-such-data }'));
    expect(message).toMatch(/by-dataset\.yaml at items\[0\]\.key\.reference: dataset "no-such-data" is not declared in curriculum\/demo\/datasets\.yaml/);
  });

  it('only notes a declared dataset that setup has not fetched yet', async () => {
    const dir = withAssessment(fixtureContent(), 'by-dataset', '{ dataset: not-fetched }');
    const { notices } = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.path).toBe('items[0].key.reference');
    expect(notices[0]!.message).toContain('dataset "not-fetched" is not fetched yet');
    expect(notices[0]!.message).toContain('run setup to fetch the teaching data');
  });

  it('still rejects a missing reference file, a bad dataset id and extra keys', async () => {
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-dataset', 'reference/missing.nii.gz'))).toContain('reference image not found');
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-dataset', '{ dataset: Not A Slug }'))).toContain('items[0].key.reference.dataset');
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-dataset', '{ dataset: sphere, file: x.nii }'))).toMatch(/items\[0\]\.key\.reference: .*"file"/);
  });
});

describe('certificate rules', () => {
  const withRule = (required: string): string => {
    const dir = fixtureContent();
    const file = join(dir, 'curriculum', 'demo', 'course.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('requiredAssessments: [quiz]', `requiredAssessments: ${required}`));
    return dir;
  };

  it('notes an assessment still to come with its upcoming lesson, and rejects any other unknown one', async () => {
    const dir = withRule('[quiz, lesson-three]');
    const { notices } = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) });
    expect(notices.map((n) => `${n.path}: ${n.message}`)).toEqual([
      'tracks[0].certificate.requiredAssessments[1]: assessment "lesson-three" is not written yet: the "basics" certificate cannot be earned before lesson "lesson-three" is available'
    ]);
    expect(await problemsOf(withRule('[quiz, qiuz]'))).toContain('at tracks[0].certificate.requiredAssessments[1]: no assessment "qiuz" in assessments/demo/');
  });
});

describe('reference solutions', () => {
  it('are not assessments: the loader reads only the *.yaml files directly in assessments/<course>/', async () => {
    const dir = withSolutions(fixtureContent());
    const content = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) });
    expect([...content.courses.get('demo')!.assessments.keys()].sort()).toEqual(['capstone', 'quiz', 'segmentation']);
    expect(JSON.stringify([...content.courses.get('demo')!.notebooks.values()])).not.toContain('solutions');
  });
});

describe('grading against a dataset reference, and solutions over HTTP', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    const dir = withSolutions(withAssessment(withAssessment(fixtureContent(), 'by-dataset', '{ dataset: sphere }'), 'by-missing-dataset', '{ dataset: not-fetched }'));
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '100' }, dir);
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('grades an uploaded mask against the fetched dataset', async () => {
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    // fixtureContent's "sphere" dataset is a ball of radius 8 in a 24³ grid.
    const { uploadId } = await (await ada.post('/services/academy/api/uploads', writeNifti(sphere(24, 8), { gzip: true }))).json();
    const res = await ada.post('/services/academy/api/courses/demo/assessments/by-dataset/submissions', { answers: { ball: { type: 'image', uploadId } } });
    const result = (await res.json()) as SubmissionResult;
    expect(result.status).toBe('graded');
    expect(result.items[0]!.measurements!['dice']).toBe(1);
    expect(result.score).toBe(1);
  });

  it('logs the notice at start and fails grading (not the learner) while the dataset is missing', async () => {
    expect(app.logLines.join('\n')).toMatch(/content notice.*not-fetched.*run setup to fetch the teaching data/);
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const { uploadId } = await (await bob.post('/services/academy/api/uploads', writeNifti(sphere(24, 8), { gzip: true }))).json();
    const res = await bob.post('/services/academy/api/courses/demo/assessments/by-missing-dataset/submissions', { answers: { ball: { type: 'image', uploadId } } });
    const result = (await res.json()) as SubmissionResult;
    expect(result.status).toBe('error');
    expect(result.score).toBeNull();
    expect(app.logLines.join('\n')).toMatch(/grading failed.*dataset \\"not-fetched\\".*run setup/);
  });

  it('never serves a reference solution, whatever the path', async () => {
    const cy = await loginAs(app.base, hub, { name: 'cy' });
    const lesson = await cy.get('/services/academy/api/courses/demo/lessons/lesson-one/notebook');
    expect(lesson.status).toBe(200);
    expect(await lesson.text()).not.toContain(SOLUTION_MARKER);
    const attempts = [
      'api/courses/demo/lessons/solutions%2Flesson-one/notebook',
      'api/courses/demo/lessons/..%2F..%2Fassessments%2Fdemo%2Fsolutions%2Flesson-one/notebook',
      'api/courses/demo/assessments/solutions',
      'api/courses/demo/datasets/..%2F..%2Fassessments%2Fdemo%2Fsolutions%2Flesson-one.ipynb',
      'assessments/demo/solutions/lesson-one.ipynb',
      '../../assessments/demo/solutions/lesson-one.ipynb',
      'api/courses/demo/assessments/quiz'
    ];
    for (const path of attempts) {
      const res = await cy.get(`/services/academy/${path}`);
      const body = await res.text();
      expect(body, path).not.toContain(SOLUTION_MARKER);
      expect(body, path).not.toContain('course.answer');
      if (!path.endsWith('assessments/quiz')) expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
  });
});
