import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Leaderboard } from '@voxel-academy/protocol';
import { startTestApp, type ITestApp } from '../support/app.js';
import { DEMO_QUIZ_PASSING, useDemoApp } from '../support/demo.js';
import { FakeHub } from '../support/fake-hub.js';
import { fixtureContent } from '../support/fixture-content.js';
import type { Browser } from '../support/http.js';
import { loginAs } from '../support/session.js';
import { SECRET } from '../support/test-config.js';

const BOARD = '/services/academy/api/courses/demo/leaderboard';
const QUIZ = '/services/academy/api/courses/demo/assessments/quiz/submissions';

async function board(browser: Browser): Promise<Leaderboard> {
  const res = await browser.get(BOARD);
  expect(res.status).toBe(200);
  return Leaderboard.parse(await res.json());
}

async function joinBoard(browser: Browser, pseudonym: string | null): Promise<Response> {
  return browser.post(`${BOARD}/me`, { pseudonym }, {}, 'PUT');
}

describe('the opt-in leaderboard', () => {
  const demo = useDemoApp({ ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000' });

  it('shows places only to those who joined, by pseudonym, never a learner’s name', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    expect((await ada.post(QUIZ, { answers: DEMO_QUIZ_PASSING })).status).toBe(201);
    expect(await board(ada)).toMatchObject({ available: true, reason: null, pseudonym: null, members: 0, entries: [] });

    expect((await joinBoard(ada, 'Quiet Otter')).status).toBe(200);
    // Bob has not joined: he sees that one learner did, not who or how many points.
    expect(await board(bob)).toMatchObject({ available: true, members: 1, entries: [] });
    // Taken (whatever the case), a learner's name (his own, or ada's), or not a name at all.
    expect((await joinBoard(bob, 'quiet OTTER')).status).toBe(409);
    expect((await joinBoard(bob, 'ADA')).status).toBe(400);
    expect((await joinBoard(bob, 'bob')).status).toBe(400);
    for (const bad of ['<b>x</b>', 'ab', 'x'.repeat(25), ' ', '-dash']) expect((await joinBoard(bob, bad)).status, bad).toBe(400);
    expect((await bob.post(`${BOARD}/me`, { pseudonym: 'Bright Fox', user: 'ada' }, {}, 'PUT')).status).toBe(400);

    expect((await joinBoard(bob, 'Bright Fox')).status).toBe(200);
    const seen = await board(bob);
    expect(seen.entries.map((e) => [e.rank, e.pseudonym, e.you])).toEqual([
      [1, 'Quiet Otter', false],
      [2, 'Bright Fox', true]
    ]);
    expect(seen.entries[0]!.xp).toBeGreaterThan(seen.entries[1]!.xp);
    const text = JSON.stringify(seen);
    expect(text).not.toMatch(/"ada"|\bada\b/);

    // Leaving removes the entry at once.
    expect(Leaderboard.parse(await (await joinBoard(bob, null)).json())).toMatchObject({ pseudonym: null, members: 1, entries: [] });
  });

  it('lets instructors switch it off for everyone and on again, and shows them the places without joining', async () => {
    const { app, hub } = demo;
    const teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const cy = await loginAs(app.base, hub, { name: 'cy' });
    expect((await joinBoard(cy, 'Night Owl')).status).toBe(200);
    expect((await board(teach)).entries.map((e) => e.pseudonym)).toContain('Night Owl');

    expect((await cy.post(`${BOARD}/settings`, { enabled: false }, {}, 'PUT')).status).toBe(403);
    expect((await teach.post(`${BOARD}/settings`, { enabled: false }, {}, 'PUT')).status).toBe(200);
    expect(await board(cy)).toMatchObject({ offered: true, available: false, reason: expect.stringMatching(/switched .* off/), entries: [] });
    expect((await joinBoard(cy, 'Day Owl')).status).toBe(409);
    expect((await teach.post(`${BOARD}/settings`, { enabled: true }, {}, 'PUT')).status).toBe(200);
    expect((await board(cy)).entries.map((e) => e.pseudonym)).toContain('Night Owl');
  });
});

describe('a course without a leaderboard', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  beforeAll(async () => {
    await hub.start();
    const content = fixtureContent();
    const file = join(content, 'curriculum', 'demo', 'course.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  leaderboard: true\n', ''));
    app = await startTestApp(hub.apiUrl, {}, content);
  });
  afterAll(async () => {
    await app?.close();
    await hub.stop();
  });

  it('offers none (off by default) and refuses to let anyone join', async () => {
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    expect(await board(ada)).toMatchObject({ offered: false, available: false, reason: 'This course has no leaderboard.', entries: [] });
    expect((await joinBoard(ada, 'Quiet Otter')).status).toBe(409);
  });
});
