import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from '../../e2e/support/browser.js';
import { ARTIFACTS, startTestHub } from '../../e2e/support/hub.js';
import { cell, notebookJson, outputOf, promptOf, putContents, runCell, until } from '../../e2e/support/lab.js';
import { translationOf } from './node-calls.js';
import type { ICallTimes } from './volumes.js';

export interface IBrowserFigures {
  /** Notebook opened (page navigation) → first cell's result on screen. */
  coldStartMs: number;
  /** Shift+Enter on the first cell → its result (kernel and worker start included). */
  firstCellMs: number;
  emptyCell: { runs: number; kernelP50Ms: number; kernelP95Ms: number; workerP50Ms: number; uiP50Ms: number };
  calls: ICallTimes;
  startupChunk: { files: number; bytes: number; workerLoadedAtStartup: boolean; itkInStartup: boolean };
  workerBytes: number;
  offOriginRequests: string[];
}

const SPEC = { name: 'voxel-itk', display_name: 'ITK (TypeScript, in-browser)', language: 'typescript' };
const STATIC = '/lab/extensions/@voxel-academy/labextension/static/';

const CALLS_CELL = `const time = async <T>(run: () => Promise<T>): Promise<[number, T]> => { const s = performance.now(); const v = await run(); return [performance.now() - s, v] }
const fixedFile = await course.file('bench-fixed.nii')
const movingFile = await course.file('bench-moving.nii')
const [readFirstMs, fixed] = await time(() => itk.readImage(fixedFile))
const [readWarmMs] = await time(() => itk.readImage(fixedFile))
const moving = await itk.readImage(movingFile)
const [downsampleFirstMs] = await time(() => itk.downsample(fixed, 2))
const [downsampleWarmMs] = await time(() => itk.downsample(fixed, 2))
const [elastixFirstMs, reg] = await time(() => itk.register(fixed, moving, 'translation'))
const [elastixWarmMs] = await time(() => itk.register(fixed, moving, 'translation'))
console.log('BENCH ' + JSON.stringify({ readFirstMs, readWarmMs, downsampleFirstMs, downsampleWarmMs, elastixFirstMs, elastixWarmMs, parameters: reg.transformParameters }))`;

const CELLS = ['6 * 7', '// an empty cell', CALLS_CELL];

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function waitForNewPrompt(page: Page, i: number, before: string): Promise<void> {
  await until(() => promptOf(page, i), (p) => /^\[\d+\]:$/.test(p) && p !== before, 600_000, `cell ${i} to finish`, 5);
}

/** Real JupyterHub + JupyterLab + headless chromium, one learner, the kernel as a learner uses it. */
export async function browserFigures(fixedBytes: Uint8Array, movingBytes: Uint8Array, emptyRuns: number): Promise<IBrowserFigures> {
  const hub = await startTestHub('bench-kernel');
  const context = await launchBrowser();
  const requests = recordRequests(context);
  const sizes = new Map<string, number>();
  context.on('response', (response) => {
    const url = response.url();
    if (url.includes(STATIC) && url.split('?')[0]?.endsWith('.js')) void response.body().then((b) => sizes.set(url, b.length), () => undefined);
  });
  try {
    const page = await context.newPage();
    const user = `bench-${Date.now().toString(36)}`;
    await hubLogin(page, hub.url, user);
    await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: 120_000 });
    await page.locator('#voxel-academy-sidebar').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    const startupFiles = [...sizes].filter(([u]) => !u.includes('kernel.worker'));
    const startupChunk = {
      files: startupFiles.length,
      bytes: startupFiles.reduce((n, [, b]) => n + b, 0),
      workerLoadedAtStartup: requests.some((u) => u.includes('kernel.worker')),
      itkInStartup: false
    };
    const startupText = await Promise.all(startupFiles.map(([u]) => page.evaluate(async (url) => (await fetch(url)).text(), u)));
    startupChunk.itkInStartup = startupText.some((t) => t.includes('ZSTDDecoder') || t.includes('sucrase'));

    const base = `/user/${user}`;
    for (const [name, bytes] of [['bench-fixed.nii', fixedBytes], ['bench-moving.nii', movingBytes]] as const) {
      await putContents(page, `${base}/api/contents/${name}`, { type: 'file', format: 'base64', content: base64(bytes) });
    }
    await putContents(page, `${base}/api/contents/bench.ipynb`, { type: 'notebook', format: 'json', content: notebookJson(CELLS, SPEC, 'medical-image-analysis') });

    const opened = Date.now();
    await page.goto(`${hub.url}${base}/lab/tree/bench.ipynb`);
    await cell(page, CELLS.length - 1).waitFor({ timeout: 120_000 });
    // As a learner would: run once the notebook shows its kernel (a key press before the
    // session exists can land before JupyterLab knows which kernel to start).
    await until(() => page.locator('.jp-NotebookPanel-toolbar .jp-KernelName').innerText(), (t) => t === SPEC.display_name, 120_000, 'the notebook to show its kernel');
    const pressed = Date.now();
    await runCell(page, 0);
    await until(() => outputOf(page, 0).innerText(), (t) => t.includes('42'), 120_000, 'the first result').catch(async (err: unknown) => {
      await page.screenshot({ path: join(ARTIFACTS, 'bench-kernel-failure.png') });
      throw err;
    });
    const coldStartMs = Date.now() - opened;
    const firstCellMs = Date.now() - pressed;

    const ui: number[] = [];
    for (let i = 0; i < emptyRuns; i++) {
      // Let the page settle between runs: this measures the kernel, not a queue of renders.
      await page.waitForTimeout(50);
      const before = await promptOf(page, 1);
      const t = Date.now();
      await runCell(page, 1, true);
      await waitForNewPrompt(page, 1, before);
      ui.push(Date.now() - t);
    }
    const measured = (name: string): Promise<number[]> => page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
    const emptyKernel = (await measured('voxel-itk:execute')).slice(-emptyRuns);
    const emptyWorker = (await measured('voxel-itk:worker')).slice(-emptyRuns);

    const before = await promptOf(page, 2);
    await runCell(page, 2);
    await waitForNewPrompt(page, 2, before);
    const text = await outputOf(page, 2).innerText();
    const line = /BENCH (\{.*\})/.exec(text)?.[1];
    if (!line) throw new Error(`the benchmark cell printed no result:\n${text.slice(0, 2000)}`);
    const raw = JSON.parse(line) as Omit<ICallTimes, 'translation'> & { parameters: unknown };
    const { parameters, ...times } = raw;
    const workerUrl = [...sizes.keys()].find((u) => u.includes('kernel.worker'));
    return {
      coldStartMs,
      firstCellMs,
      emptyCell: { runs: emptyRuns, kernelP50Ms: percentile(emptyKernel, 50), kernelP95Ms: percentile(emptyKernel, 95), workerP50Ms: percentile(emptyWorker, 50), uiP50Ms: percentile(ui, 50) },
      calls: { ...times, translation: translationOf(parameters) },
      startupChunk,
      workerBytes: workerUrl ? (sizes.get(workerUrl) ?? 0) : 0,
      offOriginRequests: offOrigin(requests)
    };
  } finally {
    await context.close();
    await hub.stop();
  }
}
