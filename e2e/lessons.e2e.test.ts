import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureContent, fixtureDatasetsDir } from '../server/test/support/fixture-content.js';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';

describe('opening lessons from the Academy sidebar', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];

  beforeAll(async () => {
    const content = fixtureContent();
    hub = await startTestHub('lessons', { ACADEMY_CONTENT_DIR: content, ACADEMY_DATASETS_DIR: fixtureDatasetsDir(content) });
    context = await launchBrowser();
    requests = recordRequests(context);
  });

  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });

  it('opens a lesson into the workspace, tracks it, and keeps the learner’s edits when opened again', async () => {
    const learner = `lesson-${randomBytes(3).toString('hex')}`;
    const page = await context.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    const sidebar = page.locator('#voxel-academy-sidebar');
    const lessonOne = sidebar.locator('[data-lesson-id="lesson-one"]');
    await lessonOne.waitFor({ timeout: 60_000 });
    await expect(lessonOne.getAttribute('data-state')).resolves.toBe('not_started');
    await expect(lessonOne.innerText()).resolves.toContain('next');
    // Lesson two needs lesson one first, and says so.
    await expect(sidebar.locator('[data-lesson-id="lesson-two"] .va-Lesson-lock').getAttribute('title')).resolves.toBe('Complete first: Lesson one');

    // By keyboard: focus the lesson's open button and press Enter.
    await lessonOne.locator('button.va-Lesson-open').focus();
    await page.keyboard.press('Enter');
    const tab = page.locator('.lm-TabBar-tab', { hasText: 'lesson-one.ipynb' });
    await tab.waitFor({ timeout: 60_000 });
    await expect.poll(() => lessonOne.getAttribute('data-state'), { timeout: 20_000 }).toBe('in_progress');
    await page.screenshot({ path: join(ARTIFACTS, 'lesson-opened.png') });

    // The learner's work, typed into the notebook and saved.
    const editor = page.locator('.jp-NotebookPanel:visible .jp-Cell .cm-content').first();
    await editor.click();
    await page.keyboard.type('my_own_notes = 42');
    // Saved with the toolbar button; the test waits for the server's answer to the write.
    const written = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/contents/academy/demo/lesson-one.ipynb'), { timeout: 30_000 });
    await page.locator('.jp-NotebookPanel:visible .jp-NotebookPanel-toolbar [data-command="docmanager:save"]').click();
    const saved = await written.catch(async (err: unknown) => {
      await page.screenshot({ path: join(ARTIFACTS, 'lesson-save-failed.png') });
      throw err;
    });
    expect(saved.status()).toBe(200);
    // (Not the tab's dirty mark: the Python kernel starting late under load rewrites the
    // notebook's language_info and marks it modified again. What counts is the file, below.)
    const api = `/user/${learner}/api/contents/academy/demo/lesson-one.ipynb`;

    await lessonOne.click();
    await page.waitForTimeout(500);
    const after = await page.evaluate(async (url) => {
      const token = (JSON.parse(document.getElementById('jupyter-config-data')?.textContent ?? '{}') as { token?: string }).token ?? '';
      return (await (await fetch(url, { headers: { Authorization: `token ${token}` } })).json()).content;
    }, api);
    expect(JSON.stringify(after.cells)).toContain('my_own_notes = 42');
    expect(after.metadata.voxel_academy).toMatchObject({ course: 'demo', lesson: 'lesson-one' });

    // The lesson notebook's toolbar leads to its assessment.
    const toolbarButton = page.locator('.jp-NotebookPanel:visible .va-NotebookAssessmentButton');
    await toolbarButton.waitFor({ timeout: 20_000 });
    await toolbarButton.click();
    await page.locator('.va-Assessment:visible [data-item-id="modality"]').waitFor({ timeout: 30_000 });
    expect(offOrigin(requests)).toEqual([]);
  });

  it('answers an assessment, keeps the draft over a reload, submits and shows the feedback', async () => {
    const learner = `quiz-${randomBytes(3).toString('hex')}`;
    // A browser of its own: another learner's hub login must not share this one's cookies.
    const own = await launchBrowser();
    const ownRequests = recordRequests(own);
    const page = await own.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    const sidebar = page.locator('#voxel-academy-sidebar');
    const openQuiz = sidebar.locator('[data-lesson-id="lesson-one"] .va-Lesson-assessment');
    await openQuiz.waitFor({ timeout: 60_000 });
    await openQuiz.click();
    const panel = page.locator('.va-Assessment:visible');
    await panel.locator('[data-item-id="modality"]').waitFor({ timeout: 30_000 });
    await panel.locator('[data-item-id="modality"] input[value="ct"]').check();
    await panel.locator('[data-item-id="formats"] input[value="nifti"]').check();
    await panel.locator('[data-item-id="formats"] input[value="dicom"]').check();
    await panel.locator('[data-item-id="water"] input').fill('0');

    // A reload loses nothing typed.
    await page.reload();
    await openQuiz.waitFor({ timeout: 60_000 });
    await openQuiz.click();
    await panel.locator('[data-item-id="modality"]').waitFor({ timeout: 30_000 });
    await expect(panel.locator('[data-item-id="modality"] input[value="ct"]').isChecked()).resolves.toBe(true);
    await expect(panel.locator('[data-item-id="water"] input').inputValue()).resolves.toBe('0');

    await panel.locator('[data-item-id="voxel-volume"] input').fill('8');
    await panel.locator('[data-item-id="format-name"] input').fill('NIfTI');
    const landmark = panel.locator('[data-item-id="landmark"] input');
    for (const [i, v] of ['10', '20', '30'].entries()) await landmark.nth(i).fill(v);
    const shift = panel.locator('[data-item-id="shift"] input');
    for (const [i, v] of ['3', '-2', '1.5'].entries()) await shift.nth(i).fill(v);
    await panel.locator('.va-Assessment-review').click();
    await expect(panel.locator('.va-Assessment-reviewList').innerText()).resolves.toContain('NIfTI, DICOM');
    await panel.locator('.va-Assessment-submit').click();
    const result = panel.locator('.va-Assessment-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(result.locator('.va-Assessment-score').innerText()).resolves.toBe('Passed: 100 %');
    await expect(result.innerText()).resolves.toContain('2 attempts left');
    await expect(result.locator('[data-item-id="modality"]').innerText()).resolves.toContain('Right, CT measures attenuation.');
    await page.screenshot({ path: join(ARTIFACTS, 'assessment-graded.png') });
    // The track's progress bar moves once the lesson's assessment is passed.
    await expect.poll(() => sidebar.locator('[data-lesson-id="lesson-one"]').getAttribute('data-state'), { timeout: 20_000 }).toBe('completed');
    expect(offOrigin(ownRequests)).toEqual([]);
    await own.close();
  });
});
