import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';
import { passFromNotebook } from './support/instructor.js';

/**
 * The Advanced track as a learner takes it: each lesson opened from the sidebar, its exercises
 * completed as the reference solution does, run on the in-browser kernel on the learner's own
 * variant, and submitted. The curriculum check grades the same solutions on the Node kernel;
 * this proves the browser reaches the server's keys too (the keys come from the solution run on
 * Node: a trained classifier, B-spline registrations, a workspace module, measured speed-ups).
 */
const COURSE = 'medical-image-analysis';
const LESSONS = ['machine-learning-integration', 'performance-optimisation', 'extending-the-platform', 'research-applications'];

describe('the Advanced track graded in the browser', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];
  let page: Page;
  const learner = `advanced-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    hub = await startTestHub('advanced-track');
    context = await launchBrowser();
    requests = recordRequests(context);
    page = await context.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    await page.locator('#voxel-academy-sidebar').waitFor({ timeout: 120_000 });
  });

  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });

  it.each(LESSONS)('%s: the learner’s own variant, done in the browser, scores 100 %%', async (lesson) => {
    const score = await passFromNotebook(page, COURSE, lesson);
    await page.screenshot({ path: join(ARTIFACTS, `advanced-${lesson}.png`) });
    expect(score).toBe('Passed: 100 %');
    expect(offOrigin(requests)).toEqual([]);
  }, 600_000);
});
