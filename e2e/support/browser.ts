import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = [process.env.VOXEL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s "chromium" package or set VOXEL_CHROMIUM');
  return found;
}

/**
 * Uncaught errors and unhandled rejections of every page of every browser launched here, since
 * the last `takePageErrors()`. e2e/support/no-page-errors.ts fails each test that leaves any.
 */
const pageErrors: string[] = [];

export function takePageErrors(): string[] {
  return pageErrors.splice(0);
}

function watchPageErrors(context: BrowserContext): void {
  const watch = (page: Page): void => {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

/**
 * Headless Debian chromium with a fresh profile and no background traffic of its own. WebGL 2
 * (the slice viewer) runs on SwiftShader, chromium's CPU renderer, since there is no GPU here.
 * `webgl: false` gives the browser a machine without a GPU gets instead: chromium's software
 * compositor, no WebGL. With SwiftShader every frame is also composited through emulated GL,
 * which on 2 cores takes most of one for each cell run (measured: 426 ms of the GPU process's
 * CPU per key press), a cost of this test rig that no learner's browser pays.
 * `extraArgs` are further chromium switches, for diagnostics only (the kernel bench's
 * `--without-input-deferral`).
 */
export async function launchBrowser(options: { webgl?: boolean; extraArgs?: string[] } = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'voxel-chromium-'));
  const gpu = options.webgl === false ? ['--disable-gpu'] : ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1366, height: 860 },
    args: [
      '--no-sandbox',
      ...gpu,
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      ...(options.extraArgs ?? [])
    ]
  });
  watchPageErrors(context);
  return context;
}

/** Records every URL the page's context requests, to prove nothing leaves the machine. */
/**
 * Issue 17's budget for the extension's scripts loaded at JupyterLab's start (everything of ours
 * fetched until the sidebar shows the catalog, and a second more), in bytes. A size, not a time.
 */
export const STARTUP_JS_BUDGET = 250_000;

export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

export function offOrigin(urls: string[]): string[] {
  return urls.filter((raw) => {
    const url = new URL(raw);
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return false;
    return !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  });
}

/** Logs in on the hub's own login form, as a person would. */
export async function hubLogin(page: Page, hubUrl: string, user: string, next?: string): Promise<void> {
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  await page.goto(`${hubUrl}/hub/login${query}`);
  await page.fill('input[name="username"]', user);
  await page.click('[type="submit"]');
}
