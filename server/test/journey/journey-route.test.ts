import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LearningJourney } from '@voxel-academy/protocol';
import { loadContent } from '../../src/content/load-content.js';
import { ContentError } from '../../src/content/problems.js';
import { DEMO_QUIZ_PASSING, useDemoApp } from '../support/demo.js';
import { fixtureContent } from '../support/fixture-content.js';
import { loginAs } from '../support/session.js';

const JOURNEY = '/services/academy/api/courses/demo/journey';
const QUIZ = '/services/academy/api/courses/demo/assessments/quiz/submissions';

describe('GET api/courses/:course/journey', () => {
  const demo = useDemoApp({ ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000' });

  it('gives a learner their own points, level, streak and milestones, which resubmitting does not inflate', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const fresh = LearningJourney.parse(await (await ada.get(JOURNEY)).json());
    expect(fresh).toMatchObject({ xp: 0, level: 1, streak: { current: 0, activeToday: false } });

    const wrong = { modality: { type: 'choice', selected: ['mri'] }, formats: { type: 'choice', selected: ['png'] }, shift: { type: 'vector', values: [9, 9, 9] }, water: { type: 'number', value: 300 }, landmark: { type: 'point', point: [50, 50, 50] } };
    const half = { ...DEMO_QUIZ_PASSING, ...wrong };
    expect((await ada.post(QUIZ, { answers: half })).status).toBe(201);
    const partial = LearningJourney.parse(await (await ada.get(`${JOURNEY}?tz=Europe/Berlin`)).json());
    // Seven items, voxel-volume weighs 2: 8 points, 3 of them earned (below the pass mark), × 10.
    expect(partial.xpFrom).toEqual({ items: 30, lessons: 0, projects: 0 });
    expect(partial.milestones.find((m) => m.id === 'landmark-within-tolerance')?.achievedAt).toBeNull();
    expect(partial.streak).toEqual({ current: 1, longest: 1, activeToday: true, timeZone: 'Europe/Berlin' });

    // Two passing attempts (the quiz allows three in all).
    for (let i = 0; i < 2; i++) expect((await ada.post(QUIZ, { answers: DEMO_QUIZ_PASSING })).status).toBe(201);
    const passed = LearningJourney.parse(await (await ada.get(JOURNEY)).json());
    // 80 from the items at their best, 20 for lesson one (passing its quiz completes it): once.
    expect(passed).toMatchObject({ xp: 100, xpFrom: { items: 80, lessons: 20, projects: 0 }, level: 2, levelStartsAt: 50, nextLevelAt: 150 });
    expect(passed.milestones.find((m) => m.id === 'landmark-within-tolerance')?.achievedAt).not.toBeNull();

    // Another learner's journey is theirs alone.
    expect(LearningJourney.parse(await (await bob.get(JOURNEY)).json()).xp).toBe(0);
  });

  it('refuses an unknown or repeated time zone with a problem that says what to send, and an unknown course with 404', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada-tz' });
    for (const query of ['tz=Mars%2FOlympus', 'tz=', 'tz=UTC&tz=Europe%2FBerlin', `tz=${'a'.repeat(5000)}`]) {
      const res = await ada.get(`${JOURNEY}?${query}`);
      expect(res.status, query.slice(0, 40)).toBe(400);
      const problem = await res.json();
      expect(problem.detail).toMatch(/IANA time zone/);
    }
    expect((await ada.get('/services/academy/api/courses/nowhere/journey')).status).toBe(404);
    expect((await fetch(`${app.base}${JOURNEY}`)).status).toBe(401);
  });
});

describe('gamification rules in course.yaml', () => {
  it('rejects milestones that could never be reached, naming each', async () => {
    const dir = fixtureContent();
    const file = join(dir, 'curriculum', 'demo', 'course.yaml');
    const yaml = readFileSync(file, 'utf8')
      .replace('when: { item: quiz/landmark }', 'when: { item: quiz/nothing }')
      .replace('when: { trackCompleted: basics }', 'when: { trackCompleted: nowhere }')
      .replace('id: two-lessons', 'id: first-image-graded');
    writeFileSync(file, yaml);
    const err = await loadContent(dir).then(
      () => null,
      (e: unknown) => e
    );
    expect(err).toBeInstanceOf(ContentError);
    const message = (err as Error).message;
    expect(message).toMatch(/gamification\.milestones\[1\]\.when\.item.*assessment "quiz" has no item "nothing"/);
    expect(message).toMatch(/gamification\.milestones\[3\]\.when\.trackCompleted.*no track "nowhere"/);
    expect(message).toMatch(/milestone id "first-image-graded" is used twice/);
  });

  it('rejects malformed rules: levels not starting at 0 or not increasing, two rules in one milestone', async () => {
    const dir = fixtureContent();
    const file = join(dir, 'curriculum', 'demo', 'course.yaml');
    const yaml = readFileSync(file, 'utf8')
      .replace('levels: [0, 50, 150, 400]', 'levels: [10, 5]')
      .replace('when: { lessonsCompleted: 2 }', 'when: { lessonsCompleted: 2, streakDays: 3 }');
    writeFileSync(file, yaml);
    const message = await loadContent(dir).then(
      () => '',
      (e: unknown) => (e as Error).message
    );
    expect(message).toMatch(/gamification\.levels.*first level starts at 0/);
    expect(message).toMatch(/gamification\.levels.*strictly increasing/);
    expect(message).toMatch(/gamification\.milestones\[2\]\.when/);
  });
});
