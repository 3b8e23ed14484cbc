import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegradeReport, SubmissionResult } from '@voxel-academy/protocol';
import { seedCohort } from '../bench/cohort-seed.js';
import { loadContent } from '../src/content/load-content.js';
import { gradeItem } from '../src/grading/registry.js';
import { scoreOf, round4 } from '../src/services/scoring.js';
import { resolveItem } from '../src/variants/resolve.js';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent, fixtureDatasetsDir } from './support/fixture-content.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';

/**
 * A regrade over more submissions than one batch (200): read, computed and written in batches
 * with the event loop free between them, and still exact: every stored score afterwards is
 * what the new key gives, the summary is audited once, and quiz submits go on meanwhile.
 */
describe('a regrade of 1,800 submissions in batches', () => {
  const hub = new FakeHub(SECRET);
  const content = fixtureContent();
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-regrade-'));
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    const course = (await loadContent(content, { datasetsDir: fixtureDatasetsDir(content) })).courses.get('demo');
    if (!course) throw new Error('no demo course');
    // Quizzes only: the segmentation lesson's seeded images have no uploads (kept as they were).
    seedCohort(join(dataDir, 'academy.sqlite'), { course: { ...course, assessments: new Map([...course.assessments].filter(([id]) => id === 'quiz')) }, learners: 600, attempts: 3, projects: 0, everyLesson: true, prefix: 'seeded', now: Date.now() });
    const file = join(content, 'assessments', 'demo', 'quiz.yaml');
    // A key fixed, and an item dropped from the assessment (its stored grades must go).
    const yaml = readFileSync(file, 'utf8').replace('key: { value: 0, absTolerance: 5 }', 'key: { value: 1, absTolerance: 0.5 }');
    writeFileSync(file, yaml.slice(0, yaml.indexOf('  - id: shift')));
    app = await startTestApp(hub.apiUrl, { ACADEMY_DATA_DIR: dataDir, ACADEMY_SUBMIT_RATE_PER_MINUTE: '100000' }, content);
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('applies exactly what the new key gives, audits the summary once, and keeps serving submits', async () => {
    const teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const before = await app.store.listSubmissions({ course: 'demo', assessment: 'quiz' });
    expect(before.length).toBe(1800);
    // Nine batches, and a first submit answered before the regrade starts (sessions and the
    // grading path warm): with two yields and a cold first request, a fast machine finished the
    // regrade before any submit came back.
    const statuses: number[] = [(await ada.post('/services/academy/api/courses/demo/assessments/segmentation/submissions', { answers: {} })).status];
    let done = false;
    // One submit after another while the regrade runs: each is answered only if the regrade lets the event loop go.
    const during = (async () => {
      while (!done) statuses.push((await ada.post('/services/academy/api/courses/demo/assessments/segmentation/submissions', { answers: {} })).status);
    })();
    const applied = (await (await teach.post('/services/academy/api/courses/demo/assessments/quiz/regrade', { dryRun: false })).json()) as RegradeReport;
    done = true;
    const answeredDuring = statuses.length - 1;
    await during;
    // Submits answered before the regrade's reply: without its yields to the event loop, none.
    expect(answeredDuring).toBeGreaterThan(0);
    expect(applied.submissions).toBe(1800);
    expect(applied.scoresChanged).toBeGreaterThan(300);

    const quiz = app.ctx.content.courses.get('demo')!.assessments.get('quiz')!;
    for (const record of await app.store.listSubmissions({ course: 'demo', assessment: 'quiz' })) {
      const rows = quiz.items.map((item) => {
        const o = gradeItem(resolveItem(item, { parameters: {} }), record.answers[item.id] as never, {});
        return { itemId: item.id, score: o.score, points: round4(o.score * item.weight), maxPoints: item.weight, feedback: o.feedback };
      });
      expect(record.score, record.id).toBe(scoreOf(rows, new Set(), record.lateFactor, quiz.passMark).score);
      expect(record.items.find((i) => i.itemId === 'water')?.score, record.id).toBe(rows.find((r) => r.itemId === 'water')?.score);
      expect(record.items.map((i) => i.itemId).sort(), record.id).toEqual(quiz.items.map((i) => i.id).sort());
    }
    const audit = await app.store.audit({ limit: 10_000 });
    expect(audit.filter((a) => a.action === 'assessment.regraded')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'submission.regraded').length).toBeGreaterThanOrEqual(applied.scoresChanged);
    // Every submit made meanwhile was served (the segmentation lesson has no attempt limit here).
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    const mine: SubmissionResult[] = await (await ada.get('/services/academy/api/submissions?course=demo&assessment=segmentation')).json();
    expect(mine.length).toBe(statuses.filter((s) => s === 201).length);
  });
});
