import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTENTION_LIMIT, type AttentionList } from '@voxel-academy/protocol';
import { seedCohort } from '../bench/cohort-seed.js';
import { loadContent } from '../src/content/load-content.js';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent, fixtureDatasetsDir } from './support/fixture-content.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';

const LEARNERS = ATTENTION_LIMIT + 50;

/**
 * A big cohort where everyone is stuck: the attention list names the most urgent
 * ATTENTION_LIMIT learners and says how many need help in all (the reply stays small).
 */
describe('the attention list of a large cohort', () => {
  const hub = new FakeHub(SECRET);
  const content = fixtureContent();
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-attention-'));
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    const course = (await loadContent(content, { datasetsDir: fixtureDatasetsDir(content) })).courses.get('demo');
    if (!course) throw new Error('no demo course');
    // Every learner opened every lesson 10 to 30 days ago and left the later ones unfinished: nearly all are stuck.
    const quizOnly = { ...course, assessments: new Map([...course.assessments].filter(([id]) => id === 'quiz')) };
    seedCohort(join(dataDir, 'academy.sqlite'), { course: quizOnly, learners: LEARNERS, attempts: 3, projects: 0, everyLesson: true, prefix: 'seeded', now: Date.now() });
    app = await startTestApp(hub.apiUrl, { ACADEMY_DATA_DIR: dataDir }, content);
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('names the most urgent learners first and counts them all', async () => {
    const teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const list: AttentionList = await (await teach.get('/services/academy/api/courses/demo/attention')).json();
    // Nearly everyone (a learner whose last touched lesson is passed is not stuck).
    expect(list.total).toBeGreaterThan(ATTENTION_LIMIT);
    expect(list.total).toBeLessThanOrEqual(LEARNERS);
    expect(list.learners).toHaveLength(ATTENTION_LIMIT);
    expect(new Set(list.learners.map((l) => l.user)).size).toBe(ATTENTION_LIMIT);
    // Most reasons first: nobody left out has more reasons than the last one named.
    const counts = list.learners.map((l) => l.reasons.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBeGreaterThan(counts[counts.length - 1] ?? 0);
  });
});
