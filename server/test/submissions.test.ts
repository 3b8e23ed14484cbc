import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SubmissionResult } from '@voxel-academy/protocol';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent } from './support/fixture-content.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';
import { backendEnv, BACKENDS, type IBackendEnv } from './support/backends.js';

const QUIZ = '/services/academy/api/courses/demo/assessments/quiz/submissions';
const ALL_RIGHT = {
  modality: { type: 'choice', selected: ['ct'] },
  formats: { type: 'choice', selected: ['nifti', 'dicom'] },
  water: { type: 'number', value: 2, unit: 'HU' },
  'voxel-volume': { type: 'number', value: 0.008, unit: 'mL' },
  'format-name': { type: 'text', text: '  nifti ' },
  landmark: { type: 'point', point: [10, 21, 30] },
  shift: { type: 'vector', values: [3.1, -2, 1.4] }
};

describe.each(BACKENDS)('submitting a quiz [%s]', (backend) => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let database: IBackendEnv;

  beforeAll(async () => {
    await hub.start();
    database = await backendEnv(backend);
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000', ...database.env }, fixtureContent());
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await hub.stop();
    await database.stop();
  });

  it('grades at once with per-item feedback and moves progress on', async () => {
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const res = await ada.post(QUIZ, { answers: ALL_RIGHT });
    expect(res.status).toBe(201);
    const result = (await res.json()) as SubmissionResult;
    expect(result).toMatchObject({ status: 'graded', score: 1, passed: true, attempt: 1, attemptsLeft: 2, late: false });
    expect(result.items.map((i) => i.itemId)).toEqual(['modality', 'formats', 'water', 'voxel-volume', 'format-name', 'landmark', 'shift']);
    expect(result.items.find((i) => i.itemId === 'modality')!.feedback).toContain('Right, CT measures attenuation.');

    const progress = await (await ada.get('/services/academy/api/courses/demo/progress')).json();
    expect(progress.lessons[0]).toMatchObject({ lessonId: 'lesson-one', state: 'completed' });
    expect(progress.tracks[0]).toMatchObject({ trackId: 'basics', completed: 1, total: 2, percent: 50 });
    expect(progress.nextLessonId).toBe('lesson-two');
  });

  it('gives partial credit and says what was wrong', async () => {
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const res = await bob.post(QUIZ, {
      answers: { ...ALL_RIGHT, modality: { type: 'choice', selected: ['mri'] }, water: { type: 'text', text: 'zero' } }
    });
    const result = (await res.json()) as SubmissionResult;
    expect(result.passed).toBe(true);
    expect(result.score).toBeCloseTo(6 / 8, 4);
    const modality = result.items.find((i) => i.itemId === 'modality')!;
    expect(modality).toMatchObject({ score: 0, points: 0, maxPoints: 1 });
    expect(modality.feedback).toContain('CT is the X-ray modality.');
    expect(result.items.find((i) => i.itemId === 'water')!.score).toBe(0);
  });

  it('counts a retried request with the same idempotency key once', async () => {
    const cy = await loginAs(app.base, hub, { name: 'cy' });
    const key = 'retry-0123456789';
    const first = await cy.post(QUIZ, { answers: ALL_RIGHT }, { 'idempotency-key': key });
    const second = await cy.post(QUIZ, { answers: ALL_RIGHT }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(((await second.json()) as SubmissionResult).id).toBe(((await first.json()) as SubmissionResult).id);
    expect(await app.store.attemptsUsed('cy', 'demo', 'quiz')).toBe(1);
  });

  it('never exceeds the attempt limit under 50 concurrent submits', async () => {
    const dee = await loginAs(app.base, hub, { name: 'dee' });
    const responses = await Promise.all(Array.from({ length: 50 }, () => dee.post(QUIZ, { answers: ALL_RIGHT })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    expect(await app.store.attemptsUsed('dee', 'demo', 'quiz')).toBe(3);
    const refused = await responses.find((r) => r.status === 409)!.json();
    expect(refused).toMatchObject({ code: 'attempts_exhausted' });
    expect(refused.title).toContain('used all 3 attempts');
  });

  it('lets an instructor grant an extra attempt', async () => {
    const eve = await loginAs(app.base, hub, { name: 'eve' });
    for (let i = 0; i < 3; i++) expect((await eve.post(QUIZ, { answers: ALL_RIGHT })).status).toBe(201);
    expect((await eve.post(QUIZ, { answers: ALL_RIGHT })).status).toBe(409);
    const teacher = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const grant = await teacher.post('/services/academy/api/courses/demo/assessments/quiz/overrides/eve', { extraAttempts: 1 }, {}, 'PUT');
    expect(grant.status).toBe(204);
    const fourth = await eve.post(QUIZ, { answers: ALL_RIGHT });
    expect(fourth.status).toBe(201);
    expect(((await fourth.json()) as SubmissionResult).attemptsLeft).toBe(0);
    expect((await app.store.audit({ limit: 50 })).some((a) => a.action === 'override.set' && a.actor === 'teach')).toBe(true);
  });

  it('says attempts left and excused items as the submitting transaction read them, with no second read', async () => {
    const gus = await loginAs(app.base, hub, { name: 'gus' });
    const teacher = await loginAs(app.base, hub, { name: 'teach3', groups: ['instructors'] });
    const grant = await teacher.post('/services/academy/api/courses/demo/assessments/quiz/overrides/gus', { extraAttempts: 2, excusedItems: ['water'] }, {}, 'PUT');
    expect(grant.status).toBe(204);
    const getOverride = vi.spyOn(app.store, 'getOverride');
    const attemptsUsed = vi.spyOn(app.store, 'attemptsUsed');
    try {
      const first = (await (await gus.post(QUIZ, { answers: ALL_RIGHT })).json()) as SubmissionResult;
      // 3 attempts + 2 granted, 1 used.
      expect(first).toMatchObject({ attempt: 1, attemptsLeft: 4 });
      expect(first.items.find((i) => i.itemId === 'water')).toMatchObject({ excused: true });
      expect(first.items.filter((i) => i.excused)).toHaveLength(1);
      const second = (await (await gus.post(QUIZ, { answers: ALL_RIGHT })).json()) as SubmissionResult;
      expect(second).toMatchObject({ attempt: 2, attemptsLeft: 3 });
      expect(getOverride).not.toHaveBeenCalled();
      expect(attemptsUsed).not.toHaveBeenCalled();
    } finally {
      getOverride.mockRestore();
      attemptsUsed.mockRestore();
    }
    // Reading the submission later reads both again, and says the same.
    const again = (await (await gus.get(`/services/academy/api/submissions/${(await app.store.listSubmissions({ user: 'gus' }))[0]!.id}`)).json()) as SubmissionResult;
    expect(again.attemptsLeft).toBe(3);
  });

  it('applies the late policy of a personal deadline', async () => {
    const fay = await loginAs(app.base, hub, { name: 'fay' });
    const teacher = await loginAs(app.base, hub, { name: 'teach2', admin: true });
    const past = new Date(Date.now() - 1.5 * 24 * 3600 * 1000).toISOString();
    const path = '/services/academy/api/courses/demo/assessments/segmentation';
    await teacher.post(`${path}/overrides/fay`, { deadline: past }, {}, 'PUT');
    const res = await fay.post(`${path}/submissions`, { answers: { volume: { type: 'number', value: 1, unit: 'mL' } } });
    const result = (await res.json()) as SubmissionResult;
    expect(result.late).toBe(true);
    // Volume item right (weight 1 of 2), mask missing: 0.5 raw, two days late at 10 %/day.
    expect(result.score).toBeCloseTo(0.5 * 0.8, 4);
  });

  it('rejects unknown items and malformed answers with a 400 naming the field', async () => {
    const gus = await loginAs(app.base, hub, { name: 'gus' });
    const unknown = await gus.post(QUIZ, { answers: { nope: { type: 'text', text: 'x' } } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).detail).toContain('nope');
    const malformed = await gus.post(QUIZ, { answers: { water: { type: 'number', value: 'NaN' } } });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).detail).toContain('answers.water');
    const broken = await gus.request('POST', QUIZ, { body: '{not json', headers: { 'x-voxel-academy': '1', 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
  });

  it('refuses state changes without the CSRF header or from another origin', async () => {
    const hal = await loginAs(app.base, hub, { name: 'hal' });
    const noHeader = await hal.request('POST', QUIZ, { body: JSON.stringify({ answers: ALL_RIGHT }), headers: { 'content-type': 'application/json' } });
    expect(noHeader.status).toBe(403);
    expect(await noHeader.json()).toMatchObject({ code: 'csrf_rejected' });
    for (const origin of ['http://evil.example', 'null']) {
      const res = await hal.post(QUIZ, { answers: ALL_RIGHT }, { origin });
      expect(res.status).toBe(403);
    }
    expect(await app.store.attemptsUsed('hal', 'demo', 'quiz')).toBe(0);
  });
});

describe('rate limit', () => {
  it('stops answer brute-forcing with 429 and Retry-After', async () => {
    const hub = new FakeHub(SECRET);
    await hub.start();
    const app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '2' }, fixtureContent());
    try {
      const ivy = await loginAs(app.base, hub, { name: 'ivy' });
      const path = '/services/academy/api/courses/demo/assessments/segmentation/submissions';
      expect((await ivy.post(path, { answers: {} })).status).toBe(201);
      expect((await ivy.post(path, { answers: {} })).status).toBe(201);
      const third = await ivy.post(path, { answers: {} });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await third.json()).toMatchObject({ code: 'rate_limited' });
    } finally {
      await app.close();
      await hub.stop();
    }
  });
});
