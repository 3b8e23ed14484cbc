import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../../e2e/support/hub.js';
import { cell, until } from '../../e2e/support/lab.js';
import { keyToScreenMs, percentile } from './key-to-screen.js';

export interface INotebookTimes {
  /** Page navigation to the notebook → first cell's result on screen (less the wait for the sidebar to settle). */
  coldStartMs: number;
  /**
   * Shift+Enter on the first cell of the freshly opened notebook → its result on screen (kernel
   * start included): the median over every fresh open (`firstResultsMs`), as one key press
   * per open moves with whatever else the machine is doing.
   */
  firstResultMs: number;
  /** Each fresh open's first result, in order (the first open, then the reopens). */
  firstResultsMs: number[];
  /** Shift+Enter → result on screen for `6 * 7` once the kernel runs (p50 over the runs). */
  warmResultP50Ms: number;
  /** An empty cell: key press → prompt updated (p50). */
  emptyUiP50Ms: number;
  /** A bare worker pinged at the empty cell's key press → its answer handled (p50): the page's own wait. */
  emptyPingP50Ms: number;
  runs: number;
}

/**
 * Opens a notebook whose first cell is `6 * 7` and second an empty cell, and times both as a
 * learner meets them: the first result (kernel starting), then `runs` warm results and `runs`
 * empty cells. The same code times the in-browser kernel and ipykernel. `reopened` adds the
 * first result of a later fresh open.
 */
export async function notebookTimes(page: Page, url: string, displayName: string, runs: number): Promise<INotebookTimes> {
  const { coldStartMs, firstResultMs: firstOpen } = await openAndRunFirst(page, url, displayName);
  const warm: number[] = [];
  const empty: number[] = [];
  const pings: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Let the page settle between runs: this measures the kernel, not a queue of renders.
    await page.waitForTimeout(50);
    warm.push((await keyToScreenMs(page, 0, { output: '42' }, true)).ms);
    await page.waitForTimeout(50);
    const e = await keyToScreenMs(page, 1, { prompt: true }, true);
    empty.push(e.ms);
    pings.push(e.pingMs);
  }
  return { coldStartMs, firstResultMs: firstOpen, firstResultsMs: [firstOpen], warmResultP50Ms: percentile(warm, 50), emptyUiP50Ms: percentile(empty, 50), emptyPingP50Ms: percentile(pings, 50), runs };
}

/**
 * `times` with one more fresh open of the same notebook (no kernel left running, the page loaded
 * again): its first result becomes the median over every open so far. Reloads the page, so the
 * caller reads the page's own measurements before.
 */
export async function reopened(times: INotebookTimes, page: Page, url: string, displayName: string): Promise<INotebookTimes> {
  await shutDownKernels(page, url);
  const firstResultsMs = [...times.firstResultsMs, (await openAndRunFirst(page, url, displayName)).firstResultMs];
  return { ...times, firstResultMs: percentile(firstResultsMs, 50), firstResultsMs };
}

/** Opens the notebook and times Shift+Enter on its first cell, as a learner meets it. */
async function openAndRunFirst(page: Page, url: string, displayName: string): Promise<{ coldStartMs: number; firstResultMs: number }> {
  const opened = performance.now();
  await page.goto(url);
  await cell(page, 1).waitFor({ timeout: 120_000 });
  // As a learner would: run once the notebook shows its kernel (a key press before the
  // session exists can land before JupyterLab knows which kernel to start).
  await until(() => page.locator('.jp-NotebookPanel:visible .jp-NotebookPanel-toolbar .jp-KernelName').innerText(), (t) => t === displayName, 120_000, `the notebook to show ${displayName}`);
  // A workspace's first visit opens the Academy sidebar once the catalog is in, which takes the
  // focus: press only after that, or the key lands nowhere. A later visit restores the sidebar
  // as it was left, so it is awaited only when it is open.
  const waitStarted = performance.now();
  if (await page.locator('#voxel-academy-sidebar').isVisible()) await page.locator('#voxel-academy-sidebar .va-Course').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  const waited = performance.now() - waitStarted;
  const { ms: firstResultMs } = await keyToScreenMs(page, 0, { output: '42' }, true).catch(async (err: unknown) => {
    await page.screenshot({ path: join(ARTIFACTS, 'bench-kernel-failure.png') });
    throw err;
  });
  return { coldStartMs: performance.now() - opened - waited, firstResultMs };
}

/**
 * Shuts down the learner's server-side sessions, so the next open starts ipykernel afresh (the
 * in-browser kernel lives in the page: loading the page again starts a new worker).
 */
async function shutDownKernels(page: Page, notebookUrl: string): Promise<void> {
  const api = `${notebookUrl.slice(0, notebookUrl.indexOf('/lab/'))}/api/sessions`;
  const left = await page.evaluate(async (sessions) => {
    const xsrf = decodeURIComponent(/_xsrf=([^;]+)/.exec(document.cookie)?.[1] ?? '');
    const list = (await (await fetch(sessions, { headers: { 'x-xsrftoken': xsrf } })).json()) as Array<{ id: string }>;
    for (const s of list) await fetch(`${sessions}/${s.id}`, { method: 'DELETE', headers: { 'x-xsrftoken': xsrf } });
    return ((await (await fetch(sessions, { headers: { 'x-xsrftoken': xsrf } })).json()) as unknown[]).length;
  }, api);
  if (left !== 0) throw new Error(`${left} kernel session(s) still running after shutting them down`);
}
