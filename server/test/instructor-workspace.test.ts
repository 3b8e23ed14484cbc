import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentAnalytics, AttentionList, CourseOverview, Heatmap, LearnerView, RegradeReport } from '@voxel-academy/protocol';
import { startTestApp, type ITestApp } from './support/app.js';
import { DEMO_QUIZ_PASSING as RIGHT } from './support/demo.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent } from './support/fixture-content.js';
import type { Browser } from './support/http.js';
import { ofType, openLiveSocket as openEvents, until } from './support/live.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';
import { backendEnv, BACKENDS, type IBackendEnv } from './support/backends.js';

const API = '/services/academy/api/courses/demo';
const QUIZ = `${API}/assessments/quiz`;
const DAY = 24 * 3600 * 1000;
/** Modality right, water wrong, nothing else: 1 of 8 weighted points. */
const WEAK = { modality: { type: 'choice', selected: ['ct'] }, water: { type: 'number', value: 100 } };

describe.each(BACKENDS)('the instructor workspace over a small cohort [%s]', (backend) => {
  const hub = new FakeHub(SECRET);
  const content = fixtureContent();
  let app: ITestApp;
  let database: IBackendEnv;
  let teach: Browser;
  let ada: Browser;
  let bob: Browser;
  let dee: Browser;

  beforeAll(async () => {
    await hub.start();
    database = await backendEnv(backend);
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000', ...database.env }, content);
    teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    ada = await loginAs(app.base, hub, { name: 'ada' });
    bob = await loginAs(app.base, hub, { name: 'bob' });
    const cy = await loginAs(app.base, hub, { name: 'cy' });
    dee = await loginAs(app.base, hub, { name: 'dee' });
    await ada.post(`${QUIZ}/submissions`, { answers: { modality: { type: 'choice', selected: ['mri'] } } });
    await ada.post(`${QUIZ}/submissions`, { answers: RIGHT });
    for (let i = 0; i < 3; i++) await bob.post(`${QUIZ}/submissions`, { answers: WEAK });
    await cy.post(`${API}/lessons/lesson-one/open`);
    await dee.post(`${QUIZ}/submissions`, { answers: RIGHT });
    // Certificates are issued just after grading; listing them waits for that.
    for (const learner of [ada, dee]) await learner.get('/services/academy/api/certificates');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await hub.stop();
    await database.stop();
  });

  it('gives an overview: enrolled, active this week, completion per track, certificates', async () => {
    const overview: CourseOverview = await (await teach.get(`${API}/overview`)).json();
    expect(overview).toMatchObject({ enrolled: 4, activeThisWeek: 4, submissionsThisWeek: 6, reviewsWaiting: 0 });
    // ada and dee earned the basics certificate (the quiz); basics has two available lessons.
    const basics = overview.tracks.find((t) => t.trackId === 'basics')!;
    expect(basics).toMatchObject({ lessons: 2, completed: 0, meanPercent: 25, bands: [2, 0, 2, 0, 0, 0] });
    expect(overview.certificatesIssued).toBe(2);
  });

  it('draws every learner × lesson in the heatmap: state, best score, attempts', async () => {
    const map: Heatmap = await (await teach.get(`${API}/heatmap`)).json();
    expect(map.lessons.map((l) => [l.id, l.project])).toEqual([['lesson-one', false], ['lesson-two', false], ['lesson-shift', false], ['capstone', true]]);
    const row = (user: string): Heatmap['learners'][number] => map.learners.find((l) => l.user === user)!;
    expect(row('ada')).toMatchObject({ states: 'pnnn', scores: [1, null, null, null], attempts: [2, 0, 0, 0], percent: 25 });
    expect(row('bob')).toMatchObject({ states: 'fnnn', scores: [0.125, null, null, null], attempts: [3, 0, 0, 0] });
    expect(row('cy')).toMatchObject({ states: 'innn', scores: [null, null, null, null] });
    expect(row('cy').lastActivity).not.toBeNull();
  });

  it('lists the learners who need help, and why', async () => {
    const list: AttentionList = await (await teach.get(`${API}/attention`)).json();
    expect(list.learners.map((l) => l.user)).toEqual(['bob']);
    expect(list.total).toBe(1);
    expect(list.learners[0]!.reasons.map((r) => r.kind).sort()).toEqual(['attempts-exhausted', 'many-failures']);
    expect(list.learners[0]!.reasons.find((r) => r.kind === 'attempts-exhausted')!.detail).toBe('3 of 3 attempts used, best 13 %');
    // Four days later, the lesson cy opened and never finished counts as stuck.
    const realNow = app.ctx.now;
    app.ctx.now = () => realNow() + 4 * DAY;
    try {
      const later: AttentionList = await (await teach.get(`${API}/attention`)).json();
      expect(later.learners.find((l) => l.user === 'cy')!.reasons).toEqual([expect.objectContaining({ kind: 'stuck', lessonId: 'lesson-one' })]);
    } finally {
      app.ctx.now = realNow;
    }
  });

  it('analyses an assessment: histogram, pass rate, attempts used and per-item statistics', async () => {
    const stats: AssessmentAnalytics = await (await teach.get(`${QUIZ}/analytics`)).json();
    expect(stats).toMatchObject({ learners: 3, submissions: 6, passRate: 0.667, sample: 3 });
    expect(stats.histogram).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(stats.attempts).toEqual([1, 1, 1]);
    const water = stats.items.find((i) => i.itemId === 'water')!;
    // First attempts: ada left it out, bob said 100, dee 0.
    expect(water).toMatchObject({ answered: 2, difficulty: 0.333, wrongAnswers: [{ answer: '(no answer)', count: 1 }, { answer: '100', count: 1 }] });
    expect(stats.items.find((i) => i.itemId === 'modality')!.difficulty).toBe(0.667);
  });

  it('shows one learner with every submission, its answers and variant, and their certificates', async () => {
    const view: LearnerView = await (await teach.get(`${API}/learners/ada`)).json();
    expect(view.submissions.map((s) => s.attempt)).toEqual([2, 1]);
    expect(view.submissions[1]!.answers).toEqual({ modality: { type: 'choice', selected: ['mri'] } });
    expect(view.submissions[0]!.variant).toBeNull();
    expect(view.assessments.find((a) => a.assessmentId === 'quiz')).toMatchObject({ attemptsUsed: 2, attemptsLeft: 1, best: 1, passed: true });
    expect(view.certificates.map((c) => c.trackId)).toEqual(['basics']);
    expect((await teach.get(`${API}/learners/nobody`)).status).toBe(404);
  });

  it('grants an extra attempt and excuses items: the learner is told live, scores are recomputed and a pass issues the certificate', async () => {
    const tab = await openEvents(app, bob);
    const staff = await openEvents(app, teach);
    const granted = await teach.post(`${QUIZ}/overrides/bob`, { extraAttempts: 1 }, {}, 'PUT');
    expect(granted.status).toBe(204);
    await until(() => ofType(tab, 'override.changed').length === 1);
    expect(ofType(tab, 'override.changed')[0]).toMatchObject({ assessmentId: 'quiz', attemptsLeft: 1, excusedItems: [] });
    await until(() => ofType(staff, 'course.activity').some((e) => e['kind'] === 'override' && e['user'] === 'bob'));

    expect((await teach.post(`${QUIZ}/overrides/bob`, { extraAttempts: 1, excusedItems: ['nope'] }, {}, 'PUT')).status).toBe(400);
    const rest = ['formats', 'water', 'voxel-volume', 'format-name', 'landmark', 'shift'];
    expect((await teach.post(`${QUIZ}/overrides/bob`, { extraAttempts: 1, excusedItems: rest }, {}, 'PUT')).status).toBe(204);
    await until(() => ofType(tab, 'submission.graded').length === 1);
    expect(ofType<{ submission: { score: number; attempt: number; items: { itemId: string; excused?: boolean }[] } }>(tab, 'submission.graded')[0]!.submission).toMatchObject({ score: 1, attempt: 3 });
    await until(() => ofType(tab, 'certificate.issued').length === 1);
    const view: LearnerView = await (await teach.get(`${API}/learners/bob`)).json();
    expect(view.overrides[0]).toMatchObject({ extraAttempts: 1, excusedItems: rest, grantedBy: 'teach' });
    expect(view.submissions[0]!.items.find((i) => i.itemId === 'water')!.excused).toBe(true);
    // Granting attempts again without naming excused items keeps them.
    await teach.post(`${QUIZ}/overrides/bob`, { extraAttempts: 2 }, {}, 'PUT');
    expect((await (await teach.get(`${API}/learners/bob`)).json()).overrides[0].excusedItems).toEqual(rest);
    for (const s of [tab, staff]) s.ws.close();
  });

  it('regrades an assessment after a key change: a dry run first, then applied, audited and told to learners', async () => {
    // The course team fixes two keys and restarts the server on the same data.
    await app.close();
    const file = join(content, 'assessments', 'demo', 'quiz.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('key: { value: 0, absTolerance: 5 }', 'key: { value: 100, absTolerance: 5 }').replace('key: { value: 8, relTolerance: 0.01 }', 'key: { value: 9, relTolerance: 0.01 }'));
    // Same data (folder and database), same address: the sessions of the browsers above are still valid.
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000', ACADEMY_DATA_DIR: app.dataDir, JUPYTERHUB_SERVICE_URL: app.base, ...database.env }, content);
    const before = (await app.store.listSubmissions({ course: 'demo', assessment: 'quiz' })).map((s) => s.score);

    const dry: RegradeReport = await (await teach.post(`${QUIZ}/regrade`, { dryRun: true })).json();
    // ada's and dee's passing attempts lose water and the voxel volume (3 of 8 points): 0.625, below 0.7.
    expect(dry).toMatchObject({ dryRun: true, submissions: 6, learners: 3, passesLost: 2, appliedAt: null });
    expect(dry.scoresChanged).toBeGreaterThanOrEqual(2);
    expect(dry.changes.find((c) => c.user === 'dee')).toMatchObject({ before: { score: 1, passed: true }, after: { score: 0.625, passed: false } });
    expect((await app.store.listSubmissions({ course: 'demo', assessment: 'quiz' })).map((s) => s.score), 'a dry run writes nothing').toEqual(before);

    const tab = await openEvents(app, dee);
    const applied: RegradeReport = await (await teach.post(`${QUIZ}/regrade`, { dryRun: false })).json();
    expect(applied).toMatchObject({ dryRun: false, scoresChanged: dry.scoresChanged, passesLost: 2 });
    expect(applied.appliedAt).not.toBeNull();
    await until(() => ofType(tab, 'submission.graded').length === 1);
    expect(ofType<{ submission: { score: number } }>(tab, 'submission.graded')[0]!.submission.score).toBe(0.625);
    const audit = await app.store.audit({ limit: 30 });
    expect(audit.map((a) => a.action)).toContain('assessment.regraded');
    const regraded = audit.filter((a) => a.action === 'submission.regraded').map((a) => a.data?.['id']);
    for (const change of applied.changes) expect(regraded, `audit entry for ${change.user} attempt ${change.attempt}`).toContain(change.submissionId);
    // Excusing bob's items earlier rescored his submissions under its own audit action.
    expect(audit.map((a) => a.action)).toContain('learner.rescored');
    const again: RegradeReport = await (await teach.post(`${QUIZ}/regrade`, { dryRun: true })).json();
    expect(again.scoresChanged, 'a second regrade finds nothing left to change').toBe(0);
    tab.ws.close();
  });

  it('answers malformed instructor requests with 4xx', async () => {
    expect((await teach.post(`${QUIZ}/regrade`, { dryRun: 'yes' })).status).toBe(400);
    expect((await teach.post(`${QUIZ}/regrade`, undefined)).status).toBe(400);
    expect((await teach.post(`${API}/assessments/nope/regrade`, { dryRun: true })).status).toBe(404);
    expect((await teach.get('/services/academy/api/courses/nope/heatmap')).status).toBe(404);
    expect((await teach.get(`${API}/assessments/nope/analytics`)).status).toBe(404);
    expect((await teach.post(`${QUIZ}/overrides/bob`, { extraAttempts: -1 }, {}, 'PUT')).status).toBe(400);
  });
});
