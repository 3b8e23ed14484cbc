import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';
import { putContents, restartAndRunAll, until } from './support/lab.js';

interface ICourseFile {
  tracks: { modules: { lessons: { id: string; status: string }[] }[] }[];
}

/** Every available lesson of every shipped course, in course order, as "course/lesson". */
function availableLessons(): string[] {
  return readdirSync('curriculum').sort().flatMap((course) => {
    const file = parse(readFileSync(join('curriculum', course, 'course.yaml'), 'utf8')) as ICourseFile;
    return file.tracks.flatMap((t) => t.modules.flatMap((m) => m.lessons.filter((l) => l.status === 'available').map((l) => `${course}/${l.id}`)));
  });
}

/**
 * The whole course as learners run it: each lesson's reference solution (the lesson with every
 * exercise done) runs top to bottom on the in-browser kernel, on the teaching data served by
 * the course server. The Node check (test/curriculum-lessons.test.ts) grades them; this proves
 * the browser worker runs the same code on the same data.
 */
describe('every lesson runs in the browser', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];
  let page: Page;
  const learner = `course-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    hub = await startTestHub('course-in-browser');
    context = await launchBrowser();
    requests = recordRequests(context);
    page = await context.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 120_000 });
  });

  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });

  it.each(availableLessons())('%s', async (name) => {
    const [course = '', lesson = ''] = name.split('/');
    const shipped = JSON.parse(readFileSync(join('assessments', course, 'solutions', `${lesson}.ipynb`), 'utf8')) as { metadata: Record<string, unknown> };
    // Stamped with its course and lesson, as Open lesson stamps the learner's copy: course.data
    // loads that course's datasets (two courses may declare the same id).
    const solution = { ...shipped, metadata: { ...shipped.metadata, voxel_academy: { course, lesson } } };
    const path = `${lesson}-solved.ipynb`;
    expect(await putContents(page, `/user/${learner}/api/contents/${path}`, { type: 'notebook', format: 'json', content: solution })).toBeLessThan(300);
    // A workspace of its own: only this notebook open, nothing restored from the previous lesson.
    await page.goto(`${hub.url}/user/${learner}/lab/workspaces/${lesson}/tree/${path}?reset`);
    await until(() => page.locator('.jp-NotebookPanel:visible .jp-KernelName').innerText().catch(() => ''), (t) => t === 'ITK (TypeScript, in-browser)', 120_000, 'the ITK kernel');
    const started = Date.now();
    const { errors, cells } = await restartAndRunAll(page);
    console.log(`${lesson}: ${cells} code cells in ${((Date.now() - started) / 1000).toFixed(1)} s in the browser`);
    if (errors.length) await page.screenshot({ path: join(ARTIFACTS, `course-in-browser-${lesson}.png`) });
    expect(errors).toEqual([]);
    expect(offOrigin(requests)).toEqual([]);
  }, 420_000);
});
