import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTENTION_LIMIT } from '@voxel-academy/protocol';
import { seedCohort } from '../server/bench/cohort-seed.js';
import { loadContent } from '../server/src/content/load-content.js';
import { axeViolations } from './support/axe.js';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';
import { passFromNotebook, scrollFrames, submitFromPage } from './support/instructor.js';
import { completedExercises, completeExercises, putContents, restartAndRunAll } from './support/lab.js';

/**
 * The instructor's workspace on the real hub, with the real course and a seeded cohort of
 * 2,000 learners: an instructor (VOXEL_INSTRUCTORS) watches a learner who just submitted appear
 * in the heatmap live, opens their submission, grants an extra attempt (the learner's panel shows
 * it without a reload), grades the learner's capstone project with the rubric, and the learner
 * sees the rubric result beside their notebook and receives the Foundation certificate. A
 * learner's page never fetches the workspace's code, even when it asks for the workspace.
 */
const COURSE = 'medical-image-analysis';
const COHORT = 2000;
const id = randomBytes(3).toString('hex');
const TEACHER = `teach-${id}`;
const LEARNER = `learner-${id}`;
const INSTRUCTOR_CHUNK = /voxel-academy-instructor\.[0-9a-f]+\.js/;

function courseOf<T>(course: T | undefined): T {
  if (!course) throw new Error(`no course ${COURSE} in the content`);
  return course;
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const mainArea = (page: Page, selector: string): ReturnType<Page['locator']> => page.locator(`.jp-MainAreaWidget:not(.lm-mod-hidden) ${selector}`);

describe('the instructor workspace and a capstone graded with its rubric', () => {
  let hub: IRunningHub;
  let staff: BrowserContext;
  let learners: BrowserContext;
  let teacher: Page;
  let learner: Page;
  let learnerRequests: string[];
  const startupScripts = new Map<string, number>();

  beforeAll(async () => {
    hub = await startTestHub('instructor', { VOXEL_INSTRUCTORS: TEACHER });
    // The cohort the workspace must stay fast and smooth with, written beside the live server.
    const content = await loadContent(process.cwd(), { datasetsDir: join(process.cwd(), '.cache', 'datasets') });
    const seeded = seedCohort(join(hub.dataDir, 'academy', 'academy.sqlite'), { course: courseOf(content.courses.get(COURSE)), learners: COHORT, attempts: 2, projects: 0, prefix: 'cohort', now: Date.now(), variantSecret: Buffer.from(readFileSync(join(hub.dataDir, 'academy', 'keys', 'variant-secret'), 'utf8').trim(), 'hex') });
    console.log(`seeded ${seeded.learners} learners, ${seeded.submissions} submissions in ${seeded.ms} ms`);
    staff = await launchBrowser();
    learners = await launchBrowser();
    learnerRequests = recordRequests(learners);
    learners.on('response', (response) => {
      const url = response.url().split('?')[0] ?? '';
      if (url.includes('/@voxel-academy/labextension/static/') && url.endsWith('.js')) void response.body().then((b) => startupScripts.set(url, b.length), () => undefined);
    });
    teacher = await staff.newPage();
    learner = await learners.newPage();
    await hubLogin(learner, hub.url, LEARNER);
    await learner.waitForURL(new RegExp(`/user/${LEARNER}/lab`), { timeout: 120_000 });
    await learner.locator('#voxel-academy-sidebar [data-lesson-id="platform-overview"]').waitFor({ timeout: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await staff?.close();
    await learners?.close();
    await hub?.stop();
  });

  it('gives a learner nothing: no button, no palette entry, and a crafted workspace that asks for it fetches nothing', async () => {
    await learner.waitForTimeout(1500);
    const startup = [...startupScripts.values()].reduce((a, b) => a + b, 0);
    console.log(`learner's startup scripts: ${startupScripts.size} files, ${startup} bytes (${(startup / 1024).toFixed(0)} KiB)`);
    expect(await learner.locator('.va-Sidebar-instructor').count()).toBe(0);
    await learner.keyboard.press('Control+Shift+C');
    await learner.locator('.lm-CommandPalette-input').fill('Instructor');
    await learner.waitForTimeout(300);
    expect(await learner.locator('.lm-CommandPalette-item', { hasText: 'Instructor Workspace' }).count()).toBe(0);
    await learner.keyboard.press('Escape');
    // A workspace file naming the instructor workspace makes JupyterLab's layout restorer run its command.
    const workspace = {
      data: {
        'layout-restorer:data': { main: { dock: { type: 'tab-area', currentIndex: 0, widgets: ['voxel-academy-instructor:voxel-academy-instructor'] } } },
        'voxel-academy-instructor:voxel-academy-instructor': { data: { restore: 'voxel-academy-instructor' } }
      },
      metadata: { id: 'sneaky' }
    };
    expect(await putContents(learner, `/user/${LEARNER}/lab/api/workspaces/sneaky`, workspace)).toBeLessThan(300);
    // The restorer runs the command once the catalog says who this is: wait for that answer.
    const catalogLoaded = learner.waitForResponse((r) => r.url().endsWith('/services/academy/api/me') && r.status() === 200, { timeout: 120_000 });
    await learner.goto(`${hub.url}/user/${LEARNER}/lab/workspaces/sneaky`);
    await catalogLoaded;
    await learner.waitForTimeout(3000);
    await shot(learner, 'learner-crafted-workspace');
    expect(await learner.locator('.va-Instructor').count()).toBe(0);
    expect(learnerRequests.filter((u) => INSTRUCTOR_CHUNK.test(u)), 'the learner’s page fetched the instructor workspace').toEqual([]);
    await learner.goto(`${hub.url}/user/${LEARNER}/lab`);
    await learner.locator('#voxel-academy-sidebar [data-lesson-id="platform-overview"]').waitFor({ timeout: 120_000 });
  }, 240_000);

  it('opens the workspace for an instructor, over a cohort of 2,000: overview, and a heatmap that stays virtualised', async () => {
    const requests = recordRequests(staff);
    await hubLogin(teacher, hub.url, TEACHER);
    await teacher.waitForURL(new RegExp(`/user/${TEACHER}/lab`), { timeout: 120_000 });
    await teacher.locator('#voxel-academy-sidebar .va-Sidebar-instructor').click({ timeout: 120_000 });
    const workspace = mainArea(teacher, '.va-Instructor');
    await workspace.locator('.va-Figures').waitFor({ timeout: 60_000 });
    expect(requests.some((u) => INSTRUCTOR_CHUNK.test(u)), 'the instructor’s page loads the workspace chunk').toBe(true);
    expect(Number(await workspace.locator('.va-Figure dd').first().innerText())).toBeGreaterThanOrEqual(COHORT);
    expect(await axeViolations(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Instructor')).toEqual([]);
    await shot(teacher, 'instructor-overview');

    // The course's leaderboard can be switched off for everyone, and on again.
    const board = workspace.locator('.va-Overview-leaderboard');
    await expect(board.innerText({ timeout: 30_000 })).resolves.toMatch(/On: \d+ learners? ha(s|ve) joined/);
    await board.locator('.va-Overview-leaderboardSwitch').click();
    await expect.poll(() => board.innerText(), { timeout: 20_000 }).toMatch(/^Leaderboard\s+Off: learners see neither places nor a way to join\./);
    await board.locator('.va-Overview-leaderboardSwitch').click();
    await expect.poll(() => board.innerText(), { timeout: 20_000 }).toMatch(/On: \d+ learners? ha(s|ve) joined/);

    await workspace.locator('[data-tab="progress"]').click();
    const body = workspace.locator('.va-Heatmap-body');
    await body.locator('[role="row"]').first().waitFor({ timeout: 60_000 });
    expect(await workspace.locator('.va-Heatmap-tools [role="status"]').innerText()).toMatch(new RegExp(`^${COHORT} of ${COHORT} learners$`));
    const drawn = await body.locator('[role="row"]').count();
    expect(drawn, 'only the rows in view (and a margin) are in the page').toBeLessThan(80);
    expect(await axeViolations(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Instructor')).toEqual([]);
    await shot(teacher, 'instructor-heatmap');
    // Two speeds, printed (never asserted): a steady scroll of 4 rows a frame, and a fling over the whole cohort in 90 frames.
    const steady = await scrollFrames(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Heatmap-scroll', 120, 112);
    const fling = await scrollFrames(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Heatmap-scroll');
    console.log(`heatmap over ${COHORT} learners, ${drawn} rows in the page: steady scroll ${steady.frames} frames p50 ${steady.p50} ms, p95 ${steady.p95} ms; fling p50 ${fling.p50} ms, p95 ${fling.p95} ms, max ${fling.max} ms`);
    await body.locator(`[data-user="cohort-${COHORT}"]`).waitFor({ timeout: 10_000 });
    expect(await body.locator('[role="row"]').count()).toBeLessThan(80);
    expect(offOrigin(requests)).toEqual([]);
  }, 300_000);

  it('shows a learner who just submitted in the heatmap live, with their submission, and an extra attempt reaches their panel live', async () => {
    const workspace = mainArea(teacher, '.va-Instructor');
    await workspace.locator('.va-Heatmap-tools input[type="search"]').fill(LEARNER);
    await expect.poll(() => workspace.locator('.va-Heatmap-tools [role="status"]').innerText()).toBe(`0 of ${COHORT} learners`);

    // The learner answers two questions in the assessment panel and submits: not passed.
    await learner.locator('#voxel-academy-sidebar [data-lesson-id="platform-overview"] .va-Lesson-assessment').click();
    const panel = learner.locator('.va-Assessment:visible');
    await panel.locator('.va-Assessment-items').waitFor({ timeout: 60_000 });
    await panel.locator('[data-item-id="where-code-runs"] input[value="browser"]').check();
    await panel.locator('[data-item-id="hounsfield-water"] input[value="zero"]').check();
    await panel.locator('.va-Assessment-review').click();
    await panel.locator('.va-Assessment-submit').click();
    await expect.poll(() => panel.locator('.va-Assessment-score').innerText(), { timeout: 60_000 }).toMatch(/^Not passed yet/);

    // No reload, no refresh click: the staff event brings the learner into the heatmap.
    const row = workspace.locator(`.va-Heatmap-body [data-user="${LEARNER}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await workspace.locator('.va-Heatmap-tools [role="status"]').innerText()).toBe(`1 of ${COHORT + 1} learners`);
    await shot(teacher, 'instructor-heatmap-live');

    // Four more failed attempts (another tab): the panel follows and offers no further try.
    for (let i = 0; i < 4; i++) expect((await submitFromPage(learner, COURSE, 'platform-overview', { 'where-code-runs': { type: 'choice', selected: ['hub'] } })).status).toBe(201);
    await expect.poll(() => panel.locator('.va-Assessment-facts').last().innerText(), { timeout: 30_000 }).toContain('0 attempts left');
    expect(await panel.locator('.va-Assessment-again').count()).toBe(0);

    await row.locator('.va-Heatmap-user button').click();
    const view = workspace.locator(`.va-Learner[data-user="${LEARNER}"]`);
    await view.waitFor({ timeout: 30_000 });
    await expect.poll(() => view.locator('.va-Submission').count(), { timeout: 30_000 }).toBe(5);
    const first = view.locator('.va-Submission').last();
    await first.locator('summary').click();
    expect(await first.innerText()).toContain('browser');
    expect(await axeViolations(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Instructor')).toEqual([]);
    await shot(teacher, 'instructor-learner');

    await view.locator('[data-assessment-id="platform-overview"] .va-Learner-grant').click();
    await teacher.locator('.jp-Dialog .jp-mod-accept').click();
    await expect.poll(() => view.locator('[data-assessment-id="platform-overview"] .va-Learner-attempts').innerText(), { timeout: 30_000 }).toBe('5 / 1');
    await expect.poll(() => panel.locator('.va-Assessment-notice').innerText().catch(() => ''), { timeout: 30_000 }).toContain('1 attempts left');
    await panel.locator('.va-Assessment-again').waitFor({ timeout: 10_000 });
    await shot(learner, 'learner-extra-attempt');
  }, 300_000);

  it('passes the Foundation assessments, then submits the capstone from its notebook', async () => {
    // Each lesson's work done in the browser on the learner's own variant, as a learner does it
    // (platform-overview on its sixth attempt, the one the instructor granted).
    for (const lesson of ['intro-medical-imaging', 'basic-image-processing', 'platform-overview', 'first-analysis-workflow']) {
      expect(await passFromNotebook(learner, COURSE, lesson), lesson).toMatch(/^Passed: /);
    }
    // Four lessons passed, the capstone still open: no certificate yet.
    expect(await learner.locator('#voxel-academy-sidebar .va-Certificate').count()).toBe(0);

    const sidebar = learner.locator('#voxel-academy-sidebar');
    const capstone = sidebar.locator('[data-lesson-id="foundation-capstone"]');
    expect(await capstone.innerText()).toContain('capstone project');
    await capstone.locator('button.va-Lesson-open').click();
    await learner.locator('.lm-TabBar-tab', { hasText: 'foundation-capstone.ipynb' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => learner.locator('.jp-NotebookPanel:visible .jp-KernelName').innerText(), { timeout: 60_000 }).toBe('ITK (TypeScript, in-browser)');
    await completeExercises(learner, completedExercises(COURSE, 'foundation-capstone'));
    const { errors } = await restartAndRunAll(learner, 240_000);
    expect(errors).toEqual([]);

    await learner.locator('.jp-NotebookPanel:visible .va-NotebookAssessmentButton').click();
    const panel = learner.locator('.va-Assessment:visible');
    const project = panel.locator('[data-item-id="project"]');
    await project.locator('.va-Project-snapshot').click({ timeout: 60_000 });
    await expect.poll(() => project.locator('[role="status"]').innerText(), { timeout: 60_000 }).toMatch(/^Snapshot taken: \d+ cells/);
    const report = 'I thresholded the head CT at 226 HU, the InVesalius bone preset, and kept the largest connected component, which removes the head holder and specks. '.repeat(3);
    await project.locator('.va-Project-report').fill(report);
    expect(await axeViolations(learner, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Assessment')).toEqual([]);
    await panel.locator('.va-Assessment-review').click();
    await panel.locator('.va-Assessment-submit').click();
    await expect.poll(() => panel.locator('.va-Assessment-score').innerText(), { timeout: 60_000 }).toBe('Submitted for review');
    await shot(learner, 'learner-project-submitted');
  }, 480_000);

  it('grades the capstone in the grading queue with the rubric; the learner sees the result, the cell comment and the certificate live', async () => {
    const workspace = mainArea(teacher, '.va-Instructor');
    await workspace.locator('[data-tab="projects"]').click();
    const row = workspace.locator('.va-Projects [data-assessment-id="foundation-capstone"]');
    await expect.poll(() => row.locator('td').first().innerText(), { timeout: 30_000 }).toBe('1');
    await shot(teacher, 'instructor-projects');
    await row.locator('.va-Projects-open').click();

    const grading = mainArea(teacher, '.va-Grading');
    await expect.poll(() => grading.locator('.va-Grading-claim').getAttribute('data-mine'), { timeout: 60_000 }).toBe('true');
    expect(await grading.locator('.va-Grading-work h3').first().innerText()).toContain(LEARNER);
    expect(await grading.locator('.va-Snapshot-cell').count()).toBeGreaterThan(5);
    expect(await grading.locator('.va-Snapshot-output').count(), 'outputs rendered').toBeGreaterThan(0);
    expect(await grading.locator('.va-Grading-report').innerText()).toContain('226 HU');

    // A comment anchored to the cell that measures the volumes.
    const cell = grading.locator('.va-Snapshot-cell[data-cell-id="foundation-capstone-06"]');
    await cell.locator('.va-Snapshot-addComment').click();
    await cell.locator('textarea').fill('Good: state the bone share with one decimal, as here.');
    await cell.locator('button', { hasText: 'Keep comment' }).click();
    // Levels by keyboard: the best level of each of the five criteria (4 + 4 + 3 + 4 + 2 points).
    await grading.locator('.va-Grading-root').focus();
    for (const key of ['4', ']', '3', ']', '3', ']', '4', ']', '3']) await teacher.keyboard.press(key);
    expect(await grading.locator('.va-RubricForm-total').innerText()).toBe('Total: 17 of 17 points');
    await grading.locator('.va-RubricForm-general textarea').fill('A clear, reproducible analysis.');
    expect(await axeViolations(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Grading')).toEqual([]);
    await shot(teacher, 'instructor-grading');
    await grading.locator('.va-Grading-release').click();
    await expect.poll(() => grading.locator('.va-Grading-claim').innerText(), { timeout: 30_000 }).toContain(`Graded by ${TEACHER} (100 %)`);

    // The learner's open panel shows the rubric result, and the certificate arrives.
    const panel = learner.locator('.va-Assessment:visible');
    await expect.poll(() => panel.locator('.va-Assessment-score').innerText(), { timeout: 30_000 }).toBe('Passed: 100 %');
    expect(await panel.locator('.va-Rubric .va-mod-awarded').count()).toBe(5);
    expect(await panel.innerText()).toContain('A clear, reproducible analysis.');
    await shot(learner, 'learner-rubric-result');
    const certificate = learner.locator('#voxel-academy-sidebar .va-Certificate', { hasText: 'Foundation' });
    await certificate.waitFor({ timeout: 60_000 });
    await shot(learner, 'learner-certificate');

    // The comment sits beside that cell of the learner's own notebook.
    await learner.locator('.lm-TabBar-tab', { hasText: 'foundation-capstone.ipynb' }).click();
    const note = learner.locator('.jp-NotebookPanel:visible .va-ReviewNote');
    await note.waitFor({ timeout: 30_000 });
    // Scrolled to first: JupyterLab skips rendering cells out of view (content-visibility), and
    // the text of a cell it skips reads as empty (one CI run read '' here).
    await note.scrollIntoViewIfNeeded();
    await expect.poll(() => note.innerText(), { timeout: 10_000 }).toContain('state the bone share');
    await shot(learner, 'learner-notebook-comments');
    expect(offOrigin(learnerRequests)).toEqual([]);
  }, 300_000);

  it('analyses an assessment over the cohort and lists who needs help', async () => {
    const workspace = mainArea(teacher, '.va-Instructor');
    await teacher.locator('.lm-TabBar-tab', { hasText: 'Instructor' }).click();
    await workspace.locator('[data-tab="analytics"]').click();
    // The registration lesson: keys are expressions of each learner's variant, which the seed
    // computed with the server's secret (keys from a reference solution are not seeded).
    await workspace.locator('.va-Analytics-pick select').selectOption('multimodal-registration');
    await workspace.locator('.va-Items tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await workspace.locator('.va-Items tbody tr').count()).toBe(7);
    expect(await axeViolations(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Instructor')).toEqual([]);
    await shot(teacher, 'instructor-analytics');
    await workspace.locator('.va-Regrade-preview').click();
    await expect.poll(() => workspace.locator('.va-Regrade-report').getAttribute('data-dry-run'), { timeout: 60_000 }).toBe('true');
    // The seeded cohort was graded with the keys the server has: a regrade changes nothing.
    expect(await workspace.locator('.va-Regrade-report').innerText()).toContain('0 score(s) would change');
    await workspace.locator('.va-Regrade-report').scrollIntoViewIfNeeded();
    await shot(teacher, 'instructor-regrade-dry-run');

    await workspace.locator('[data-tab="attention"]').click();
    await workspace.locator('.va-Attention-list > li').first().waitFor({ timeout: 60_000 });
    // A 2,000-learner cohort has more learners who need help than the list names: it says so.
    expect(await workspace.locator('.va-Attention-list > li').count()).toBe(ATTENTION_LIMIT);
    expect(await workspace.getByRole('status').filter({ hasText: 'most urgent of' }).innerText()).toMatch(new RegExp(`^The ${ATTENTION_LIMIT} most urgent of \\d+ learners who need help\\.$`));
    expect(await axeViolations(teacher, '.jp-MainAreaWidget:not(.lm-mod-hidden) .va-Instructor')).toEqual([]);
    await shot(teacher, 'instructor-attention');
  }, 240_000);
});
