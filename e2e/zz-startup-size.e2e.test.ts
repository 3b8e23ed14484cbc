import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hubLogin, launchBrowser } from './support/browser.js';
import { startTestHub, type IRunningHub } from './support/hub.js';
import type { BrowserContext } from 'playwright-core';

describe('startup size (temporary measurement)', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  const scripts = new Map<string, number>();
  beforeAll(async () => {
    hub = await startTestHub('startup-size');
    context = await launchBrowser();
    context.on('response', (response) => {
      const url = response.url().split('?')[0] ?? '';
      if (url.includes('/@voxel-academy/labextension/static/') && (url.endsWith('.js') || url.endsWith('.css'))) void response.body().then((b) => scripts.set(url, b.length), () => undefined);
    });
  });
  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });
  it('measures', async () => {
    const learner = `size-${randomBytes(3).toString('hex')}`;
    const page = await context.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    await page.locator('#voxel-academy-sidebar .va-Course').first().waitFor({ timeout: 120_000 });
    await page.waitForTimeout(2000);
    const list = [...scripts].map(([u, b]) => `${u.split('/').pop()} ${b}`);
    console.log(`STARTUP ${scripts.size} files, ${[...scripts.values()].reduce((a, b) => a + b, 0)} bytes\n${list.join('\n')}`);
  }, 240_000);
});
