import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureContent } from '../server/test/support/fixture-content.js';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';

describe('opening lessons from the Academy sidebar', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];

  beforeAll(async () => {
    const content = fixtureContent();
    hub = await startTestHub('lessons', { ACADEMY_CONTENT_DIR: content, ACADEMY_DATASETS_DIR: join(content, 'datasets') });
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

    // By keyboard: focus the lesson and press Enter.
    await lessonOne.focus();
    await page.keyboard.press('Enter');
    const tab = page.locator('.lm-TabBar-tab', { hasText: 'lesson-one.ipynb' });
    await tab.waitFor({ timeout: 60_000 });
    await expect.poll(() => lessonOne.getAttribute('data-state'), { timeout: 20_000 }).toBe('in_progress');
    await page.screenshot({ path: join(ARTIFACTS, 'lesson-opened.png') });

    // The learner's work, typed into the notebook and saved.
    const editor = page.locator('.jp-NotebookPanel:visible .jp-Cell .cm-content').first();
    await editor.click();
    await page.keyboard.type('my_own_notes = 42');
    await page.keyboard.press('Control+s');
    await expect.poll(() => tab.getAttribute('class'), { timeout: 20_000 }).not.toContain('jp-mod-dirty');
    const api = `/user/${learner}/api/contents/academy/demo/lesson-one.ipynb`;

    await lessonOne.click();
    await page.waitForTimeout(500);
    const after = await page.evaluate(async (url) => {
      const token = (JSON.parse(document.getElementById('jupyter-config-data')?.textContent ?? '{}') as { token?: string }).token ?? '';
      return (await (await fetch(url, { headers: { Authorization: `token ${token}` } })).json()).content;
    }, api);
    expect(JSON.stringify(after.cells)).toContain('my_own_notes = 42');
    expect(after.metadata.voxel_academy).toMatchObject({ course: 'demo', lesson: 'lesson-one' });
    expect(offOrigin(requests)).toEqual([]);
  });
});
