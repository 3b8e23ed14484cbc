import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';
import { completedExercises, completeExercises, restartAndRunAll } from './support/lab.js';
import { contrastRatio } from './support/contrast.js';

/** The first lesson of the real course, on the real teaching data fetched at setup. */
const COURSE = 'medical-image-analysis';
const LESSON = 'intro-medical-imaging';
const TRACK = 'foundation';

interface IQuizItem {
  id: string;
  kind: string;
  key: { correct?: string | string[]; accept?: string[] };
}

function courseRules(): { xp: { perPoint: number; perLesson: number }; levels: number[] } {
  return (parse(readFileSync(join('curriculum', COURSE, 'course.yaml'), 'utf8')) as { gamification: { xp: { perPoint: number; perLesson: number }; levels: number[] } }).gamification;
}

/** Points the lesson's assessment gives at 100 % plus its completion, by the course's rules (course.yaml). */
function pointsForLesson(): number {
  const course = courseRules();
  const doc = parse(readFileSync(join('assessments', COURSE, `${LESSON}.yaml`), 'utf8')) as { items: Array<{ weight?: number }> };
  const weights = doc.items.reduce((sum, i) => sum + (i.weight ?? 1), 0);
  return weights * course.xp.perPoint + course.xp.perLesson;
}

/** The quiz answers a learner who read the lesson gives in the panel (from the hidden keys). */
function quizItems(): IQuizItem[] {
  const doc = parse(readFileSync(join('assessments', COURSE, `${LESSON}.yaml`), 'utf8')) as { items: IQuizItem[] };
  return doc.items.filter((i) => ['single-choice', 'multiple-choice', 'short-text'].includes(i.kind));
}

async function trackPercent(page: Page): Promise<number> {
  const bar = page.locator(`#voxel-academy-sidebar [data-track-id="${TRACK}"] .va-TrackProgress`);
  return (await bar.count()) === 0 ? 0 : Number(await bar.getAttribute('aria-valuenow'));
}

describe('a new learner’s whole path through the first lesson', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];

  beforeAll(async () => {
    hub = await startTestHub('journey');
    context = await launchBrowser();
    requests = recordRequests(context);
  });

  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });

  it('logs in, opens lesson 1 from the launcher, runs it, answers, submits, sees the grade and the track progress move', async () => {
    const exercises = completedExercises(COURSE, LESSON);
    expect(exercises.length, 'lesson 1 should have exercises to complete').toBeGreaterThan(0);
    const learner = `journey-${randomBytes(3).toString('hex')}`;
    const page = await context.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    const sidebar = page.locator('#voxel-academy-sidebar');
    const lessonRow = sidebar.locator(`[data-lesson-id="${LESSON}"]`);
    await lessonRow.waitFor({ timeout: 60_000 });
    await expect(lessonRow.innerText()).resolves.toContain('next');
    const before = await trackPercent(page);
    expect(before).toBe(0);
    // The course's path starts at level 1, with no points, no streak and every milestone ahead.
    const journey = sidebar.locator(`.va-Journey[data-journey-course="${COURSE}"]`);
    await expect(journey.locator('.va-Journey-levelName').innerText()).resolves.toBe('Level 1');
    await expect(journey.locator('.va-Journey-points').innerText()).resolves.toMatch(/^0 \/ \d+ points$/);
    await expect(journey.locator('.va-Journey-streak').innerText()).resolves.toMatch(/No streak yet/);
    await expect(journey.locator('.va-Journey-milestones summary').innerText()).resolves.toMatch(/^Milestones: 0 of \d+$/);

    // The launcher's card opens the suggested lesson on the in-browser kernel.
    const card = page.locator('.jp-LauncherCard[title="Open the lesson Voxel Academy suggests next"]');
    await card.waitFor({ timeout: 60_000 });
    await card.click();
    await page.locator('.lm-TabBar-tab', { hasText: `${LESSON}.ipynb` }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('.jp-NotebookPanel:visible .jp-KernelName').innerText(), { timeout: 60_000 }).toBe('ITK (TypeScript, in-browser)');
    await expect.poll(() => lessonRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('in_progress');

    // The learner does the exercises, then runs the whole notebook.
    await completeExercises(page, exercises);
    const { errors, cells } = await restartAndRunAll(page, 240_000);
    expect(errors).toEqual([]);
    expect(cells).toBeGreaterThan(5);
    await page.screenshot({ path: join(ARTIFACTS, 'journey-lesson-run.png'), fullPage: true });

    // The assessment panel shows what the notebook recorded; the learner reviews and submits.
    await page.locator('.jp-NotebookPanel:visible .va-NotebookAssessmentButton').click();
    const panel = page.locator('.va-Assessment:visible');
    await panel.locator('.va-Assessment-items').waitFor({ timeout: 30_000 });
    await expect.poll(() => panel.locator('.va-Assessment-fromNotebook').count(), { timeout: 30_000, message: 'answers recorded by the notebook should show' }).toBeGreaterThan(0);
    // Practical items come from the notebook; the learner answers the quiz questions here.
    const quiz = quizItems();
    const fromNotebook = await panel.locator('.va-Assessment-item').evaluateAll((items) => items.filter((i) => i.querySelector('.va-Assessment-fromNotebook')).map((i) => (i as HTMLElement).dataset['itemId']));
    const all = await panel.locator('.va-Assessment-item').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset['itemId']));
    expect([...fromNotebook, ...quiz.map((q) => q.id)].sort(), 'practical items from the notebook, quiz items by hand').toEqual([...all].sort());
    for (const item of quiz) {
      const block = panel.locator(`[data-item-id="${item.id}"]`);
      if (item.kind === 'short-text') await block.locator('input').fill(item.key.accept?.[0] ?? '');
      else for (const option of [item.key.correct ?? []].flat()) await block.locator(`input[value="${option}"]`).check();
    }
    await page.screenshot({ path: join(ARTIFACTS, 'journey-assessment-filled.png') });
    await panel.locator('.va-Assessment-review').click();
    await panel.locator('.va-Assessment-submit').click();
    const result = panel.locator('.va-Assessment-result');
    await result.waitFor({ timeout: 60_000 });
    await expect(result.locator('.va-Assessment-score').innerText()).resolves.toMatch(/^Passed: 100 %$/);
    await page.screenshot({ path: join(ARTIFACTS, 'journey-graded.png') });

    // Progress: the lesson is completed and the track's bar moved, live.
    await expect.poll(() => lessonRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('completed');
    await expect.poll(() => trackPercent(page), { timeout: 20_000 }).toBeGreaterThan(before);
    // Points for every item at 100 % and the completed lesson, live; today starts a streak.
    const points = pointsForLesson();
    await expect.poll(() => journey.locator('.va-Journey-points').innerText(), { timeout: 20_000 }).toMatch(new RegExp(`^${points} / \\d+ points$`));
    await expect(journey.locator('.va-Journey-streak').innerText()).resolves.toBe('1-day streak');
    await journey.locator('.va-Journey-milestones summary').click();

    // The leaderboard shows nothing of anyone until the learner joins under a pseudonym.
    const board = journey.locator('.va-Leaderboard');
    await board.locator('summary').click();
    await board.locator('.va-Leaderboard-join').waitFor({ timeout: 20_000 });
    await expect(board.locator('.va-Leaderboard-list').count()).resolves.toBe(0);
    await board.locator('.va-Leaderboard-name').fill('Quiet Otter');
    await board.locator('.va-Leaderboard-joinButton').click();
    await expect.poll(() => board.locator('.va-Leaderboard-entry').allInnerTexts(), { timeout: 20_000 }).toEqual([`1.\nQuiet Otter (you)\n${points} pts · level ${courseRules().levels.filter((l) => l <= points).length}`]);
    await sidebar.screenshot({ path: join(ARTIFACTS, 'journey-progress.png') });
    expect(offOrigin(requests)).toEqual([]);
  }, 480_000);

  it('reads well in the dark theme', async () => {
    const learner = `dark-${randomBytes(3).toString('hex')}`;
    // A browser of its own: the hub login of the first learner must not carry over.
    const own = await launchBrowser();
    const page = await own.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    const status = await page.evaluate(async (user) => {
      const xsrf = /_xsrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const res = await fetch(`/user/${user}/lab/api/settings/@jupyterlab/apputils-extension:themes`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-xsrftoken': decodeURIComponent(xsrf) },
        body: JSON.stringify({ raw: '{ "theme": "JupyterLab Dark" }' })
      });
      return res.status;
    }, learner);
    expect(status).toBe(204);
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.body.dataset['jpThemeLight']), { timeout: 60_000 }).toBe('false');
    const sidebar = page.locator('#voxel-academy-sidebar');
    await sidebar.locator(`[data-lesson-id="${LESSON}"]`).waitFor({ timeout: 60_000 });
    for (const selector of ['.va-Course-title', '.va-Lesson-title', '.va-Tier-title', '.va-Journey-levelName', '.va-Journey-points']) {
      const colours = await sidebar.locator(selector).first().evaluate((node) => {
        let bg = 'rgba(0, 0, 0, 0)';
        for (let n: Element | null = node; n && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); n = n.parentElement) bg = getComputedStyle(n).backgroundColor;
        return { fg: getComputedStyle(node).color, bg };
      });
      expect(contrastRatio(colours.fg, colours.bg), `${selector} on ${colours.bg}`).toBeGreaterThanOrEqual(4.5);
    }
    await sidebar.screenshot({ path: join(ARTIFACTS, 'sidebar-dark.png') });

    // A second learner sees that someone joined, not who; after joining, pseudonyms only.
    const board = sidebar.locator(`.va-Journey[data-journey-course="${COURSE}"] .va-Leaderboard`);
    await board.locator('summary').click();
    await expect.poll(() => board.locator('.va-Leaderboard-join').innerText(), { timeout: 20_000 }).toContain('1 learner has joined.');
    await board.locator('.va-Leaderboard-name').fill('Night Owl');
    await board.locator('.va-Leaderboard-joinButton').click();
    await expect.poll(() => board.locator('.va-Leaderboard-pseudonym').allInnerTexts(), { timeout: 20_000 }).toEqual(['Quiet Otter', 'Night Owl (you)']);
    await expect(board.innerText()).resolves.not.toMatch(/journey-[0-9a-f]{6}/);
    await board.screenshot({ path: join(ARTIFACTS, 'leaderboard-dark.png') });
    await own.close();
  });
});
