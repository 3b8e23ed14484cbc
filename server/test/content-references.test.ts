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

describe('image references that learners cannot download', () => {
  it('refuses a teaching dataset as a reference, saying why and what to do instead', async () => {
    const message = await problemsOf(withAssessment(fixtureContent(), 'by-dataset', '{ dataset: sphere }'));
    expect(message).toMatch(/by-dataset\.yaml at items\[0\]\.key\.reference: dataset "sphere" cannot grade an answer: every learner can download it/);
    expect(message).toContain('Make a hidden reference instead ({ hidden: <id> }');
    // Declared or not, fetched or not: a dataset is never a reference.
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-dataset', '{ dataset: not-fetched }'))).toContain('cannot grade an answer');
  });

  it('refuses a reference file that is a copy of a dataset', async () => {
    const dir = fixtureContent();
    mkdirSync(join(dir, 'assessments', 'demo', 'reference'), { recursive: true });
    writeFileSync(join(dir, 'assessments', 'demo', 'reference', 'copy.nii.gz'), readFileSync(join(fixtureDatasetsDir(dir), 'demo', 'sphere.nii.gz')));
    const message = await problemsOf(withAssessment(dir, 'by-copy', 'reference/copy.nii.gz'));
    expect(message).toContain('reference image reference/copy.nii.gz is a copy of dataset "sphere", which every learner can download');
  });

  it('resolves a hidden reference to the notebook that makes it, and requires that notebook', async () => {
    const dir = withAssessment(fixtureContent(), 'by-hidden', '{ hidden: bright }');
    const content = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) });
    const course = content.courses.get('demo')!;
    const assessment = course.assessments.get('by-hidden')!;
    const item = assessment.items[0]!;
    if (item.kind !== 'segmentation') throw new Error('expected a segmentation item');
    const roots = { assessmentDir: assessment.dir, courseId: 'demo', datasets: course.datasets, datasetsDir: fixtureDatasetsDir(dir) };
    expect(referenceFile(item.key.reference, roots)).toBe(join(dir, 'assessments', 'demo', 'references', 'bright.ipynb'));
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-hidden', '{ hidden: no-such-notebook }'))).toContain('hidden reference "no-such-notebook" needs its notebook');
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-hidden', '{ hidden: sphere }'))).toContain('has the id of a dataset learners can download');
  });

  it('still rejects a missing reference file, a bad id and extra keys', async () => {
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-dataset', 'reference/missing.nii.gz'))).toContain('reference image not found');
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-dataset', '{ hidden: Not A Slug }'))).toContain('items[0].key.reference');
    expect(await problemsOf(withAssessment(fixtureContent(), 'by-dataset', '{ hidden: bright, file: x.nii }'))).toMatch(/items\[0\]\.key\.reference/);
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
    expect([...content.courses.get('demo')!.assessments.keys()].sort()).toEqual(['capstone', 'quiz', 'segmentation', 'shift']);
    expect(JSON.stringify([...content.courses.get('demo')!.notebooks.values()])).not.toContain('solutions');
  });
});

const REFERENCE_MARKER = 'hidden-reference-only-5c1d';

/** Hidden references made by notebooks: a ball shrunk by 1 mm, and one whose notebook fails. */
function withReferenceNotebooks(dir: string): string {
  const references = join(dir, 'assessments', 'demo', 'references');
  mkdirSync(references, { recursive: true });
  const notebook = (code: string): string => JSON.stringify({ cells: [{ cell_type: 'code', source: code, metadata: {}, outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
  writeFileSync(join(references, 'core.ipynb'), notebook(`// ${REFERENCE_MARKER}\nconst ball = await course.data('sphere')\ncourse.answer('reference', itk.binaryErode(ball, 1))`));
  writeFileSync(join(references, 'broken.ipynb'), notebook(`const ball = await course.data('no-such-dataset')\ncourse.answer('reference', ball)`));
  return dir;
}

describe('grading against a hidden reference, and solutions and references over HTTP', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    const dir = withReferenceNotebooks(withSolutions(withAssessment(withAssessment(fixtureContent(), 'by-hidden', '{ hidden: core }'), 'by-broken', '{ hidden: broken }')));
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '100' }, dir);
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('grades an uploaded mask against the image the notebook makes: uploading the dataset itself does not pass', async () => {
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const submit = async (mask: Uint8Array): Promise<SubmissionResult> => {
      const { uploadId } = await (await ada.post('/services/academy/api/uploads', mask)).json();
      const res = await ada.post('/services/academy/api/courses/demo/assessments/by-hidden/submissions', { answers: { ball: { type: 'image', uploadId } } });
      return (await res.json()) as SubmissionResult;
    };
    // fixtureContent's "sphere" dataset is a ball of radius 8 in a 24³ grid; the reference is that ball shrunk by 1 mm.
    const reupload = await submit(writeNifti(sphere(24, 8), { gzip: true }));
    expect(reupload.status).toBe('graded');
    expect(reupload.items[0]!.measurements!['dice']).toBeLessThan(0.9);
    expect(reupload.score).toBeLessThan(1);
    const work = await submit(writeNifti(sphere(24, 7), { gzip: true }));
    expect(work.items[0]!.measurements!['dice']).toBeGreaterThan(0.95);
  });

  it('fails grading (not the learner) when the reference notebook fails, and names it in the log', async () => {
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const { uploadId } = await (await bob.post('/services/academy/api/uploads', writeNifti(sphere(24, 8), { gzip: true }))).json();
    const res = await bob.post('/services/academy/api/courses/demo/assessments/by-broken/submissions', { answers: { ball: { type: 'image', uploadId } } });
    const result = (await res.json()) as SubmissionResult;
    expect(result.status).toBe('error');
    expect(result.score).toBeNull();
    expect(app.logLines.join('\n')).toMatch(/grading failed.*references\/broken\.ipynb failed on the base data in cell 1.*no-such-dataset/);
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
      'api/courses/demo/datasets/core',
      'api/courses/demo/datasets/references%2Fcore.ipynb',
      'api/courses/demo/datasets/..%2F..%2Fassessments%2Fdemo%2Freferences%2Fcore.ipynb',
      'api/courses/demo/lessons/references%2Fcore/notebook',
      'assessments/demo/references/core.ipynb',
      'api/courses/demo/assessments/by-hidden',
      'api/courses/demo/assessments/quiz'
    ];
    for (const path of attempts) {
      const res = await cy.get(`/services/academy/${path}`);
      const body = await res.text();
      expect(body, path).not.toContain(SOLUTION_MARKER);
      expect(body, path).not.toContain(REFERENCE_MARKER);
      expect(body, path).not.toContain('"hidden"');
      expect(body, path).not.toContain('course.answer');
      if (!/assessments\/(quiz|by-hidden)$/.test(path)) expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
  });
});
