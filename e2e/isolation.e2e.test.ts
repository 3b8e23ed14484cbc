import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubLogin, launchBrowser } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';
import { apiGet, putContents, until } from './support/lab.js';

const suffix = randomBytes(3).toString('hex');
const LEARNER = `mallory-${suffix}`;
const OTHER = `victim-${suffix}`;
const REPO = process.cwd();

async function openLab(context: BrowserContext, hubUrl: string, user: string): Promise<Page> {
  const page = await context.newPage();
  await hubLogin(page, hubUrl, user);
  await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: 120_000 });
  await page.locator('#jp-main-dock-panel').waitFor({ timeout: 120_000 });
  return page;
}

/** Opens File → New → Terminal and types a command line, as the learner would. */
async function runInTerminal(page: Page, command: string): Promise<void> {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^File$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^New$/ }).hover();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Terminal$/ }).click();
  const terminal = page.locator('.jp-Terminal:visible .xterm');
  await terminal.waitFor({ timeout: 60_000 });
  await terminal.click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/**
 * As root (here and in CI), `npm start` gives each learner a system user of their own, as The
 * Littlest JupyterHub does. A learner who opens a terminal must not reach what grades them or
 * what signs their certificates, nor another learner's files.
 */
describe('learner isolation on one machine', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let other: BrowserContext;

  beforeAll(async () => {
    hub = await startTestHub('isolation');
    context = await launchBrowser();
    other = await launchBrowser();
  });

  afterAll(async () => {
    await context?.close();
    await other?.close();
    await hub?.stop();
  });

  it("a learner's terminal runs as their own user and cannot read keys, solutions, databases or other homes", async () => {
    // Someone else is already working: their home exists.
    await (await openLab(other, hub.url, OTHER)).locator('#voxel-academy-sidebar').waitFor({ timeout: 60_000 });

    const page = await openLab(context, hub.url, LEARNER);
    // The extension, its kernel and its notebooks still work for a user who is not root.
    await page.locator('#voxel-academy-sidebar [data-course-id="medical-image-analysis"]').waitFor({ timeout: 60_000 });

    const targets = [
      join(REPO, 'assessments', 'medical-image-analysis', 'platform-overview.yaml'),
      join(REPO, 'assessments', 'medical-image-analysis', 'solutions', 'platform-overview.ipynb'),
      join(hub.dataDir, 'academy', 'keys', 'issuer-keys.json'),
      join(hub.dataDir, 'academy', 'keys', 'server-secret'),
      join(hub.dataDir, 'academy', 'academy.sqlite'),
      join(hub.dataDir, 'jupyterhub.sqlite'),
      join(hub.dataDir, 'jupyterhub_cookie_secret'),
      join(hub.dataDir, 'users', OTHER)
    ];
    for (const t of targets) expect(() => statSync(t), `${t} should exist for this test to mean anything`).not.toThrow();
    // A file is readable if its first byte can be read; a folder if it can be listed.
    const probe = targets.map((t) => `if { [ -d '${t}' ] && ls '${t}'; } >/dev/null 2>&1 || head -c1 '${t}' >/dev/null 2>&1; then echo "READABLE ${t}"; else echo "DENIED ${t}"; fi`).join('; ');
    // The probe is saved through the learner's own server (typing it key by key takes minutes);
    // the learner then runs it in the terminal.
    const script = `{ echo "user=$(id -un) home=$HOME"; ${probe}; cat '${targets[0]}'; } > ~/isolation-report.txt 2>&1\n`;
    expect(await putContents(page, `/user/${LEARNER}/api/contents/probe.sh`, { type: 'file', format: 'text', content: script })).toBe(201);
    await runInTerminal(page, 'bash ~/probe.sh; cat ~/isolation-report.txt');

    // The report is written by the terminal into the learner's home and read back through their server.
    const report = await until(
      () => apiGet<{ content?: string }>(page, `/user/${LEARNER}/api/contents/isolation-report.txt?content=1&type=file&format=text`).catch(() => ({ content: '' })),
      (r) => (r.content ?? '').includes('Permission denied'),
      60_000,
      'the isolation report'
    );
    await page.screenshot({ path: join(ARTIFACTS, 'isolation-terminal.png') });
    const text = report.content ?? '';
    expect(text).toContain(`user=jupyter-${LEARNER} home=${join(hub.dataDir, 'users', LEARNER)}`);
    for (const t of targets) expect(text, text).toContain(`DENIED ${t}`);
    expect(text).not.toContain('READABLE');
    expect(text).toMatch(/cat: .*platform-overview\.yaml: Permission denied/);
  });
});
