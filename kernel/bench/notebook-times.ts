import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../../e2e/support/hub.js';
import { cell, until } from '../../e2e/support/lab.js';
import { keyToScreenMs, percentile } from './key-to-screen.js';

export interface INotebookTimes {
  /** Page navigation to the notebook → first cell's result on screen (less the wait for the sidebar to settle). */
  coldStartMs: number;
  /** Shift+Enter on the first cell of the freshly opened notebook → its result on screen (kernel start included). */
  firstResultMs: number;
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
 * empty cells. The same code times the in-browser kernel and ipykernel.
 */
export async function notebookTimes(page: Page, url: string, displayName: string, runs: number): Promise<INotebookTimes> {
  const opened = performance.now();
  await page.goto(url);
  await cell(page, 1).waitFor({ timeout: 120_000 });
  // As a learner would: run once the notebook shows its kernel (a key press before the
  // session exists can land before JupyterLab knows which kernel to start).
  await until(() => page.locator('.jp-NotebookPanel:visible .jp-NotebookPanel-toolbar .jp-KernelName').innerText(), (t) => t === displayName, 120_000, `the notebook to show ${displayName}`);
  // A workspace's first visit opens the Academy sidebar once the catalog is in, which takes the
  // focus: press only after that, or the key lands nowhere.
  const waitStarted = performance.now();
  await page.locator('#voxel-academy-sidebar .va-Course').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  const waited = performance.now() - waitStarted;
  const { ms: firstResultMs } = await keyToScreenMs(page, 0, { output: '42' }, true).catch(async (err: unknown) => {
    await page.screenshot({ path: join(ARTIFACTS, 'bench-kernel-failure.png') });
    throw err;
  });
  const coldStartMs = performance.now() - opened - waited;
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
  return { coldStartMs, firstResultMs, warmResultP50Ms: percentile(warm, 50), emptyUiP50Ms: percentile(empty, 50), emptyPingP50Ms: percentile(pings, 50), runs };
}
