import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDetail, ReviewQueue, SubmissionResult } from '@voxel-academy/protocol';
import { startTestApp, type ITestApp } from './support/app.js';
import { DEMO_PROJECT_BUNDLE as BUNDLE, DEMO_QUIZ_PASSING } from './support/demo.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent } from './support/fixture-content.js';
import type { Browser } from './support/http.js';
import { ofType, openLiveSocket as openEvents, until } from './support/live.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';
import { backendEnv, BACKENDS, type IBackendEnv } from './support/backends.js';
import { PROJECT_UPLOADS_PER_HOUR } from '../src/services/project-submissions.js';

const API = '/services/academy/api';
const CAPSTONE = `${API}/courses/demo/assessments/capstone`;
const FULL = { criteria: { result: { levelId: 'right', comment: 'Exact, with units.' }, report: { levelId: 'clear', comment: '' } }, comment: 'Well done.' };

async function submitProject(learner: Browser, report = 'I thresholded the sphere at half its intensity and counted voxels.'): Promise<SubmissionResult> {
  const upload = await learner.post(`${API}/project-uploads`, BUNDLE);
  expect(upload.status).toBe(201);
  const { uploadId } = await upload.json();
  const res = await learner.post(`${CAPSTONE}/submissions`, { answers: { project: { type: 'project', uploadId, report }, units: { type: 'choice', selected: ['ml'] } } });
  expect(res.status).toBe(201);
  return res.json();
}

describe.each(BACKENDS)('practical projects graded with a rubric [%s]', (backend) => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let database: IBackendEnv;
  let ada: Browser;
  let bob: Browser;
  let teach: Browser;
  let marker: Browser;

  beforeAll(async () => {
    await hub.start();
    database = await backendEnv(backend);
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000', ACADEMY_MAX_PROJECT_MB: '1', ...database.env }, fixtureContent());
    ada = await loginAs(app.base, hub, { name: 'ada' });
    bob = await loginAs(app.base, hub, { name: 'bob' });
    teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    marker = await loginAs(app.base, hub, { name: 'marker', groups: ['instructors'] });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await hub.stop();
    await database.stop();
  });

  it('refuses a malformed or oversized project upload with a 4xx that says why', async () => {
    const bad = async (body: unknown): Promise<{ status: number; detail: string }> => {
      const res = await ada.post(`${API}/project-uploads`, body);
      const problem = await res.json();
      return { status: res.status, detail: `${problem.title} ${problem.detail ?? ''}` };
    };
    expect(await bad({ ...BUNDLE, notebook: { nbformat: 3, cells: [] } })).toMatchObject({ status: 400 });
    expect(await bad({ ...BUNDLE, files: [{ path: '../../etc/passwd', encoding: 'text', content: 'x' }] })).toMatchObject({ status: 400, detail: expect.stringContaining('..') });
    expect(await bad({ ...BUNDLE, files: [{ path: 'mask.nii.gz', encoding: 'base64', content: 'not base64!' }] })).toMatchObject({ status: 400, detail: expect.stringContaining('base64') });
    const twice = { path: 'a.txt', encoding: 'text', content: 'x' };
    expect(await bad({ ...BUNDLE, files: [twice, twice] })).toMatchObject({ status: 400 });
    expect((await ada.request('POST', `${API}/project-uploads`, { body: '{"notebookPath":', headers: { 'content-type': 'application/json', 'x-voxel-academy': '1', origin: app.base } })).status).toBe(400);
    // ACADEMY_MAX_PROJECT_MB=1 here.
    const huge = { ...BUNDLE, files: [{ path: 'big.txt', encoding: 'text', content: 'x'.repeat(1_200_000) }] };
    expect((await ada.post(`${API}/project-uploads`, huge)).status).toBe(413);
  });

  it('refuses a project answer naming someone else’s upload, without spending an attempt', async () => {
    const { uploadId } = await (await bob.post(`${API}/project-uploads`, BUNDLE)).json();
    const res = await ada.post(`${CAPSTONE}/submissions`, { answers: { project: { type: 'project', uploadId, report: 'not mine' } } });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toContain('Attach your project notebook again');
    expect(await app.store.attemptsUsed('ada', 'demo', 'capstone')).toBe(0);
  });

  it('queues a submitted project, grades the rest at once, and tells the learner and the staff live', async () => {
    const tab = await openEvents(app, ada);
    const staff = await openEvents(app, teach);
    const learnerOnly = await openEvents(app, bob);
    const submitted = await submitProject(ada);
    expect(submitted).toMatchObject({ status: 'review', score: null, passed: null });
    expect(submitted.items.map((i) => i.itemId)).toEqual(['units']);
    await until(() => ofType(tab, 'submission.graded').length === 1);
    await until(() => ofType(staff, 'course.activity').some((e) => e['kind'] === 'submitted-for-review' && e['user'] === 'ada'));
    await until(() => ofType(staff, 'review.changed').length > 0);
    expect(ofType(learnerOnly, 'course.activity'), 'learners never receive staff events').toEqual([]);
    for (const s of [tab, staff, learnerOnly]) s.ws.close();

    const queue: ReviewQueue = await (await teach.get(`${CAPSTONE}/reviews`)).json();
    expect(queue.counts).toEqual({ open: 1, claimed: 0, graded: 0 });
    expect(queue.reviews[0]).toMatchObject({ learner: 'ada', status: 'open', attempt: 1 });
    const anonymous: ReviewQueue = await (await teach.get(`${CAPSTONE}/reviews?anonymous=1`)).json();
    expect(anonymous.reviews[0]!.learner).toBeNull();
    expect(anonymous.reviews[0]!.alias).toMatch(/^Learner [0-9a-f]{4}$/);
    // As a whole word: the random ids in the queue (a UUID, the alias's hex) can hold the letters a-d-a.
    expect(JSON.stringify(anonymous)).not.toMatch(/\bada\b/);
  });

  it('lets two graders share the queue without grading the same project twice', async () => {
    await submitProject(bob);
    const first = (await (await teach.post(`${CAPSTONE}/reviews/next`, {})).json()).review as ReviewDetail;
    const second = (await (await marker.post(`${CAPSTONE}/reviews/next`, {})).json()).review as ReviewDetail;
    expect(first.summary.learner).toBe('ada');
    expect(second.summary.learner).toBe('bob');
    expect(first.notebook).toMatchObject({ cells: [{ id: 'intro' }] });
    expect(first.report).toContain('thresholded');
    expect(first.files).toEqual([expect.objectContaining({ path: 'notes.txt', bytes: 13 })]);
    expect(first.graderNotes).toContain('0.9 mL');
    expect(first.item.rubric.criteria.map((c) => c.id)).toEqual(['result', 'report']);
    expect(JSON.stringify(first)).not.toContain('"key"');

    // The marker cannot take ada's project while the teacher holds it, nor grade it.
    const refused = await marker.post(`${API}/reviews/${first.summary.submissionId}/claim`, {});
    expect(refused.status).toBe(409);
    expect((await refused.json()).title).toBe('teach is grading this project');
    expect((await marker.post(`${API}/reviews/${first.summary.submissionId}/grade`, { ...FULL, release: true }, {}, 'PUT')).status).toBe(409);
    // Asking again for the next project gives the one the grader already holds, not a third.
    expect((await (await teach.post(`${CAPSTONE}/reviews/next`, {})).json()).review.summary.submissionId).toBe(first.summary.submissionId);
  });

  it('keeps a draft, refuses an incomplete or unknown grade, then releases it to the learner with cell comments', async () => {
    const id = (await (await teach.post(`${CAPSTONE}/reviews/next`, {})).json()).review.summary.submissionId as string;
    const draft = await teach.post(`${API}/reviews/${id}/grade`, { criteria: { result: { levelId: 'close' } }, release: false }, {}, 'PUT');
    expect(draft.status).toBe(200);
    expect((await draft.json()).grade.criteria.result.levelId).toBe('close');
    const incomplete = await teach.post(`${API}/reviews/${id}/grade`, { criteria: { result: { levelId: 'close' } }, release: true }, {}, 'PUT');
    expect(incomplete.status).toBe(400);
    expect((await incomplete.json()).detail).toContain('Report');
    expect((await teach.post(`${API}/reviews/${id}/grade`, { criteria: { result: { levelId: 'perfect' } }, release: false }, {}, 'PUT')).status).toBe(400);
    expect((await teach.post(`${API}/reviews/${id}/grade`, { criteria: { nope: { levelId: 'x' } }, release: false }, {}, 'PUT')).status).toBe(400);

    // The quiz is passed too, so the projects track's certificate is one grade away.
    await ada.post(`${API}/courses/demo/assessments/quiz/submissions`, { answers: DEMO_QUIZ_PASSING });
    const tab = await openEvents(app, ada);
    const cellComments = [{ cellId: 'intro', cellIndex: 0, text: 'Say which threshold you used.' }];
    const released = await teach.post(`${API}/reviews/${id}/grade`, { ...FULL, cellComments, release: true }, {}, 'PUT');
    expect(released.status).toBe(200);
    expect(((await released.json()) as ReviewDetail).summary).toMatchObject({ status: 'graded', gradedBy: 'teach', score: 1 });

    await until(() => ofType(tab, 'submission.graded').length > 0);
    const live = ofType<{ submission: SubmissionResult }>(tab, 'submission.graded')[0]!.submission;
    expect(live).toMatchObject({ status: 'graded', score: 1, passed: true });
    const project = live.items.find((i) => i.itemId === 'project')!;
    expect(project.review).toMatchObject({ comment: 'Well done.', cellComments, criteria: [{ criterionId: 'result', levelId: 'right', points: 4, maxPoints: 4 }, { criterionId: 'report', levelId: 'clear', points: 2 }] });
    expect(project.feedback).toContain('6 of 6 points');
    await until(() => ofType(tab, 'certificate.issued').some((e) => (e['certificate'] as { trackId: string }).trackId === 'projects'));
    tab.ws.close();

    const mine: SubmissionResult[] = await (await ada.get(`${API}/submissions?course=demo&assessment=capstone`)).json();
    expect(mine[0]!.items.find((i) => i.itemId === 'project')!.review!.cellComments[0]!.text).toBe('Say which threshold you used.');
  });

  it('regrades a graded project when a grader changes the grade (audited), and lets a colleague take over a stale claim', async () => {
    const queue: ReviewQueue = await (await teach.get(`${CAPSTONE}/reviews`)).json();
    const adas = queue.reviews.find((r) => r.learner === 'ada')!;
    expect((await teach.post(`${API}/reviews/${adas.submissionId}/grade`, { criteria: { result: { levelId: 'close' } }, release: false }, {}, 'PUT')).status).toBe(409);
    const regraded = await teach.post(`${API}/reviews/${adas.submissionId}/grade`, { criteria: { result: { levelId: 'close' }, report: { levelId: 'clear' } }, release: true }, {}, 'PUT');
    expect(((await regraded.json()) as ReviewDetail).summary.score).toBeCloseTo((4 * (4 / 6) + 1) / 5, 4);
    const audit = await app.store.audit({ limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['review.claimed', 'review.graded', 'review.regraded']));

    // The marker holds bob's project; the teacher takes it over on purpose.
    const bobs = queue.reviews.find((r) => r.learner === 'bob')!;
    expect((await teach.post(`${API}/reviews/${bobs.submissionId}/claim`, {})).status).toBe(409);
    const taken = await teach.post(`${API}/reviews/${bobs.submissionId}/claim`, { force: true });
    expect(await taken.json()).toMatchObject({ status: 'claimed', claimedBy: 'teach' });
    expect((await app.store.audit({ limit: 5 })).map((a) => a.action)).toContain('review.taken-over');
  });

  it('grades the latest attempt: a resubmission supersedes the project still waiting', async () => {
    const before: ReviewQueue = await (await teach.get(`${CAPSTONE}/reviews`)).json();
    const waiting = before.reviews.find((r) => r.learner === 'bob')!;
    const again = await submitProject(bob, 'Second try, with the threshold explained.');
    const after: ReviewQueue = await (await teach.get(`${CAPSTONE}/reviews`)).json();
    expect(after.reviews.find((r) => r.submissionId === waiting.submissionId)!.status).toBe('superseded');
    expect(after.reviews.find((r) => r.submissionId === again.id)).toMatchObject({ status: 'open', attempt: 2 });
    expect((await teach.post(`${API}/reviews/${waiting.submissionId}/grade`, { ...FULL, release: true }, {}, 'PUT')).status).toBe(409);
    // Attempts count as for any assessment: bob has used both of his.
    const third = await bob.post(`${API}/project-uploads`, BUNDLE);
    const { uploadId } = await third.json();
    expect((await bob.post(`${CAPSTONE}/submissions`, { answers: { project: { type: 'project', uploadId, report: 'three' } } })).status).toBe(409);
  });

  it('caps the snapshots a learner uploads in an hour (429 with Retry-After)', async () => {
    const cy = await loginAs(app.base, hub, { name: 'cy' });
    for (let i = 0; i < PROJECT_UPLOADS_PER_HOUR; i++) expect((await cy.post(`${API}/project-uploads`, BUNDLE)).status).toBe(201);
    const refused = await cy.post(`${API}/project-uploads`, BUNDLE);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('600');
  });

  it('keeps the snapshot cap when they arrive at once: counted where each is stored, the refused ones leave no file', async () => {
    const dot = await loginAs(app.base, hub, { name: 'dot' });
    const projects = join(app.dataDir, 'projects');
    const stored = (): number => (existsSync(projects) ? readdirSync(projects).length : 0);
    const before = stored();
    const responses = await Promise.all(Array.from({ length: PROJECT_UPLOADS_PER_HOUR + 10 }, () => dot.post(`${API}/project-uploads`, BUNDLE)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(PROJECT_UPLOADS_PER_HOUR);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(10);
    expect(stored() - before).toBe(PROJECT_UPLOADS_PER_HOUR);
  });

  it('answers 404 for a review of a submission that is not a project, and for a quiz as a queue', async () => {
    const quiz: SubmissionResult = await (await ada.post(`${API}/courses/demo/assessments/quiz/submissions`, { answers: DEMO_QUIZ_PASSING })).json();
    expect((await teach.get(`${API}/reviews/${quiz.id}`)).status).toBe(404);
    expect((await teach.get(`${API}/courses/demo/assessments/quiz/reviews`)).status).toBe(404);
    expect((await teach.post(`${API}/reviews/${quiz.id}/grade`, { ...FULL, release: true }, {}, 'PUT')).status).toBe(404);
  });
});
