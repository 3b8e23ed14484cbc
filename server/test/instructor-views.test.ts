import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent } from './support/fixture-content.js';
import type { Browser } from './support/http.js';
import { DEMO_QUIZ_PASSING, useDemoApp } from './support/demo.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';
import { backendEnv, BACKENDS, type IBackendEnv } from './support/backends.js';

const API = '/services/academy/api/courses/demo';
const RIGHT = DEMO_QUIZ_PASSING;

describe.each(BACKENDS)('progress and instructor views [%s]', (backend) => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let database: IBackendEnv;
  let teacher: Browser;
  let ada: Browser;

  beforeAll(async () => {
    await hub.start();
    database = await backendEnv(backend);
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000', ...database.env }, fixtureContent());
    teacher = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    ada = await loginAs(app.base, hub, { name: 'ada' });
    // A learner whose name a spreadsheet would run as a formula.
    const formula = await loginAs(app.base, hub, { name: '=HYPERLINK("x")' });
    await ada.post(`${API}/lessons/lesson-one/open`);
    await ada.post(`${API}/assessments/quiz/submissions`, { answers: { modality: { type: 'choice', selected: ['mri'] } } });
    await ada.post(`${API}/assessments/quiz/submissions`, { answers: RIGHT });
    await formula.post(`${API}/lessons/lesson-one/open`);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await hub.stop();
    await database.stop();
  });

  it('tracks a learner from opening a lesson to completing it', async () => {
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const before = await (await bob.get(`${API}/progress`)).json();
    expect(before.lessons.map((l: { state: string }) => l.state)).toEqual(['not_started', 'not_started', 'not_started', 'not_started', 'not_started']);
    expect(before.nextLessonId).toBe('lesson-one');
    const opened = await (await bob.post(`${API}/lessons/lesson-two/open`)).json();
    expect(opened.lessons[1]).toMatchObject({ lessonId: 'lesson-two', state: 'in_progress' });
    expect((await bob.post(`${API}/lessons/no-such-lesson/open`)).status).toBe(404);
  });

  it('gives instructors the roster with progress', async () => {
    const roster = await (await teacher.get(`${API}/roster`)).json();
    const row = roster.learners.find((l: { user: string }) => l.user === 'ada');
    // One of the four available lessons (quiz, segmentation, the variants fixture's shift and the capstone project).
    expect(row).toMatchObject({ completedLessons: 1, percent: 25 });
    expect(row.lastActivity).not.toBeNull();
  });

  it('gives per-assessment statistics over each learner’s best attempt', async () => {
    const stats = await (await teacher.get(`${API}/assessments/quiz/stats`)).json();
    expect(stats).toMatchObject({ learners: 1, submissions: 2, passRate: 1, meanBestScore: 1 });
    const modality = stats.items.find((i: { itemId: string }) => i.itemId === 'modality');
    expect(modality).toMatchObject({ meanScore: 1, answered: 1 });
  });

  it('exports a gradebook CSV that spreadsheets cannot execute', async () => {
    const res = await teacher.get(`${API}/gradebook.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('demo-gradebook.csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('user,capstone best score,capstone passed,capstone attempts,quiz best score,quiz passed,quiz attempts,segmentation best score,segmentation passed,segmentation attempts,shift best score,shift passed,shift attempts');
    expect(lines).toContain('ada,,,0,1.0000,true,2,,,0,,,0');
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""x"")"`))).toBe(true);
  });
});

describe('teaching datasets', () => {
  const demo = useDemoApp();

  it('serves a declared dataset to a learner and explains a missing one', async () => {
    const ada = await loginAs(demo.app.base, demo.hub, { name: 'ada' });
    const res = await ada.get(`${API}/datasets/sphere`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(res.headers.get('content-disposition')).toContain('sphere.nii.gz');
    const absent = await ada.get(`${API}/datasets/not-fetched`);
    expect(absent.status).toBe(404);
    expect((await absent.json()).detail).toContain('npm run setup');
    expect((await ada.get(`${API}/datasets/../../etc/passwd`)).status).toBe(404);
  });
});

describe('lesson notebooks', () => {
  const demo = useDemoApp();

  it('serves a lesson notebook with a content version, and 404 for a lesson without one', async () => {
    const ada = await loginAs(demo.app.base, demo.hub, { name: 'ada' });
    const res = await ada.get(`${API}/lessons/lesson-one/notebook`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ courseId: 'demo', lessonId: 'lesson-one', notebook: { nbformat: 4 } });
    expect(body.version).toMatch(/^[0-9a-f]{16}$/);
    expect((await ada.get(`${API}/lessons/lesson-three/notebook`)).status).toBe(404);
  });
});

describe('API description', () => {
  const demo = useDemoApp();

  it('publishes an OpenAPI 3.1 document generated from the shared schemas', async () => {
    const doc = await (await fetch(`${demo.app.base}/services/academy/api/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const submit = doc.paths['/services/academy/api/courses/{course}/assessments/{assessment}/submissions'].post;
    expect(submit.requestBody.content['application/json'].schema.properties.answers).toBeDefined();
    expect(submit.responses['201'].content['application/json'].schema.properties.items.type).toBe('array');
    expect(submit.security).toEqual([{ hubSession: [] }]);
    expect(doc.paths['/services/academy/api/health'].get.security).toBeUndefined();
  });

  it('serves a readable API page with no external resources', async () => {
    const html = await (await fetch(`${demo.app.base}/services/academy/api/docs`)).text();
    expect(html).toContain('/services/academy/api/courses/:course/gradebook.csv');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });
});
