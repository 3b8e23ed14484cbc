import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';
import { cell, restartAndRunAll } from './support/lab.js';
import { variantIndex } from '../server/src/variants/draw.js';

/**
 * Issue 10 in the browser: two new learners open the registration lesson, get different moving
 * images (their own variants, made by the course server), each passes with their own work, and
 * each fails with the other's answers.
 */
const COURSE = 'medical-image-analysis';
const LESSON = 'multimodal-registration';
const PRACTICAL = ['shift-translation', 'rotation-angle', 'centre-moved'];

interface INotebookFile {
  cells: { cell_type: string; source: string | string[] }[];
}
const sourceOf = (c: { source: string | string[] }): string => (Array.isArray(c.source) ? c.source.join('') : c.source);
const read = (path: string): INotebookFile => JSON.parse(readFileSync(path, 'utf8')) as INotebookFile;

/** The exercise cells of the shipped lesson, completed as in the reference solution. */
function completedExercises(): { index: number; code: string }[] {
  const shipped = read(join('notebooks', COURSE, `${LESSON}.ipynb`)).cells;
  const solution = read(join('assessments', COURSE, 'solutions', `${LESSON}.ipynb`)).cells;
  return shipped.flatMap((c, index) => {
    const done = solution[index];
    return c.cell_type === 'code' && done?.cell_type === 'code' && sourceOf(c) !== sourceOf(done) ? [{ index, code: sourceOf(done) }] : [];
  });
}

interface IQuizItem {
  id: string;
  kind: string;
  key: { correct?: string | string[] };
}
const quiz = (): IQuizItem[] =>
  (parse(readFileSync(join('assessments', COURSE, `${LESSON}.yaml`), 'utf8')) as { items: IQuizItem[] }).items.filter((i) => i.kind.endsWith('-choice'));

interface ILearner {
  name: string;
  context: BrowserContext;
  page: Page;
  requests: string[];
  /** The moving image the server gave this learner: variant tag and content digest. */
  rotated?: { tag: string; sha256: string };
  /** The practical answers their notebook recorded, as the panel shows them. */
  answers?: Record<string, string[]>;
}

const panelOf = (page: Page): Locator => page.locator('.va-Assessment:visible');

async function openLessonAndWork(hub: IRunningHub, learner: ILearner): Promise<void> {
  const { page } = learner;
  page.on('response', async (response) => {
    if (!response.url().includes(`/datasets/brain-pd-rotated?lesson=${LESSON}`) || response.status() !== 200) return;
    const body = await response.body();
    learner.rotated = { tag: response.headers()['x-voxel-variant'] ?? '', sha256: createHash('sha256').update(body).digest('hex') };
  });
  await hubLogin(page, hub.url, learner.name);
  await page.waitForURL(new RegExp(`/user/${learner.name}/lab`), { timeout: 120_000 });
  // The lesson is in the Intermediate track, which the sidebar shows folded: open it first.
  const track = page.locator('#voxel-academy-sidebar details[data-track-id="intermediate"]');
  await track.locator('summary').waitFor({ timeout: 60_000 });
  await track.locator('summary').click();
  const row = track.locator(`[data-lesson-id="${LESSON}"]`);
  await row.waitFor({ timeout: 10_000 });
  await row.locator('.va-Lesson-title').click();
  await page.locator('.lm-TabBar-tab', { hasText: `${LESSON}.ipynb` }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('.jp-NotebookPanel:visible .jp-KernelName').innerText(), { timeout: 60_000 }).toBe('ITK (TypeScript, in-browser)');
  for (const { index, code } of completedExercises()) {
    await cell(page, index).locator('.jp-InputArea-editor').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(code);
  }
  const { errors } = await restartAndRunAll(page, 300_000);
  expect(errors, `${learner.name}'s notebook`).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `variants-${learner.name.split('-')[0]}-lesson.png`), fullPage: true });
}

async function openPanel(learner: ILearner): Promise<Locator> {
  const { page } = learner;
  await page.locator('.jp-NotebookPanel:visible .va-NotebookAssessmentButton').click();
  const panel = panelOf(page);
  await panel.locator('.va-Assessment-items').waitFor({ timeout: 30_000 });
  // The practical answers come from the notebook; the learner answers the quiz by hand.
  for (const id of PRACTICAL) await expect.poll(() => panel.locator(`[data-item-id="${id}"] .va-Assessment-fromNotebook`).count(), { timeout: 30_000 }).toBe(1);
  for (const item of quiz()) {
    const block = panel.locator(`[data-item-id="${item.id}"]`);
    for (const option of [item.key.correct ?? []].flat()) await block.locator(`input[value="${option}"]`).check();
  }
  return panel;
}

async function practicalAnswers(panel: Locator): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const id of PRACTICAL) out[id] = await panel.locator(`[data-item-id="${id}"] input[type="number"]`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  return out;
}

async function submit(panel: Locator): Promise<string> {
  await panel.locator('.va-Assessment-review').click();
  await panel.locator('.va-Assessment-submit').click();
  const result = panel.locator('.va-Assessment-result');
  await result.waitFor({ timeout: 120_000 });
  return result.locator('.va-Assessment-score').innerText();
}

describe('two learners, two variants of the registration lesson', () => {
  let hub: IRunningHub;
  const learners: ILearner[] = [];

  beforeAll(async () => {
    // The course server's variant secret, set here so the test can pick two learners whose
    // variants differ (two learners share one with probability 1/20, which must not make the test flaky).
    const secret = randomBytes(32);
    const academyData = mkdtempSync(join(tmpdir(), 'voxel-variants-academy-'));
    mkdirSync(join(academyData, 'keys'), { recursive: true });
    writeFileSync(join(academyData, 'keys', 'variant-secret'), secret.toString('hex'), { mode: 0o600 });
    hub = await startTestHub('variants', { ACADEMY_DATA_DIR: academyData });
    const id = { course: COURSE, assessment: LESSON };
    const pool = (parse(readFileSync(join('assessments', COURSE, `${LESSON}.yaml`), 'utf8')) as { variant: { pool: number } }).variant.pool;
    const ada = `ada-${randomBytes(3).toString('hex')}`;
    let bob = `bob-${randomBytes(3).toString('hex')}`;
    while (variantIndex(secret, id, bob, 0, pool) === variantIndex(secret, id, ada, 0, pool)) bob = `bob-${randomBytes(3).toString('hex')}`;
    for (const name of [ada, bob]) {
      // A browser each: separate hub logins, as two people on two machines.
      const context = await launchBrowser();
      learners.push({ name, context, page: await context.newPage(), requests: recordRequests(context) });
    }
  });

  afterAll(async () => {
    for (const l of learners) await l.context.close();
    await hub?.stop();
  });

  it('gives each learner their own moving image; each passes with their own work and fails with the other’s answers', async () => {
    const [a, b] = learners as [ILearner, ILearner];
    await openLessonAndWork(hub, a);
    await openLessonAndWork(hub, b);
    expect(a.rotated?.tag).toMatch(/^v-[0-9a-f]{6}$/);
    expect(b.rotated?.tag).toMatch(/^v-[0-9a-f]{6}$/);
    expect(a.rotated?.tag, 'different learners, different variants').not.toBe(b.rotated?.tag);
    expect(a.rotated?.sha256, 'different moving images').not.toBe(b.rotated?.sha256);
    // The kernel says so in the notebook.
    for (const l of [a, b]) {
      const notice = l.page.locator('.jp-NotebookPanel:visible .jp-OutputArea-output', { hasText: `brain-pd-rotated: your own variant ${l.rotated?.tag}` });
      await expect.poll(() => notice.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }

    const panelA = await openPanel(a);
    const panelB = await openPanel(b);
    a.answers = await practicalAnswers(panelA);
    b.answers = await practicalAnswers(panelB);
    expect(a.answers['rotation-angle']).not.toEqual(b.answers['rotation-angle']);
    await a.page.screenshot({ path: join(ARTIFACTS, 'variants-ada-filled.png') });

    for (const [learner, panel] of [[a, panelA], [b, panelB]] as const) {
      await expect(submit(panel)).resolves.toMatch(/^Passed: 100 %$/);
      await expect(panel.locator('.va-Assessment-result .va-Assessment-facts').innerText()).resolves.toContain(`graded on your variant ${learner.rotated?.tag}`);
      await learner.page.screenshot({ path: join(ARTIFACTS, `variants-${learner.name.split('-')[0]}-passed.png`) });
    }

    // Each tries again with the other's numbers typed into the panel: the quiz is still right,
    // the practical items are the other variant's, and that earns nothing.
    for (const [learner, panel, other] of [[a, panelA, b], [b, panelB, a]] as const) {
      await panel.locator('.va-Assessment-again').click();
      for (const id of PRACTICAL) {
        const inputs = panel.locator(`[data-item-id="${id}"] input[type="number"]`);
        const values = other.answers?.[id] ?? [];
        for (let i = 0; i < values.length; i++) await inputs.nth(i).fill(values[i] ?? '');
      }
      const score = await submit(panel);
      expect(score).toMatch(/^Not passed yet: 40 %$/);
      for (const id of PRACTICAL) {
        const item = panel.locator(`.va-Assessment-feedback [data-item-id="${id}"]`);
        await expect(item.getAttribute('class')).resolves.toMatch(/va-mod-wrong/);
        await expect(item.innerText()).resolves.toContain(`Graded on your variant ${learner.rotated?.tag}`);
      }
      await learner.page.screenshot({ path: join(ARTIFACTS, `variants-${learner.name.split('-')[0]}-copied.png`) });
    }
    for (const l of learners) expect(offOrigin(l.requests)).toEqual([]);
  }, 900_000);
});
