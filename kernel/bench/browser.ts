import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from '../../e2e/support/browser.js';
import { startTestHub } from '../../e2e/support/hub.js';
import { notebookJson, outputOf, promptOf, putContents, runCell, until } from '../../e2e/support/lab.js';
import { bareWorkerRoundTripP50, percentile } from './key-to-screen.js';
import { notebookTimes, reopened, type INotebookTimes } from './notebook-times.js';
import { translationOf } from './node-calls.js';
import type { ICallTimes } from './volumes.js';

export interface IBrowserFigures {
  /** The in-browser kernel, and ipykernel timed the same way in the same JupyterLab. */
  itk: INotebookTimes;
  ipykernel: INotebookTimes;
  /** Empty cells in the in-browser kernel: request in → reply out, and the part spent in the worker. */
  emptyCell: { runs: number; kernelP50Ms: number; kernelP95Ms: number; workerP50Ms: number; toWorkerP50Ms: number; fromWorkerP50Ms: number; bareRoundTripP50Ms: number };
  /**
   * Whether the lab page was cross-origin isolated, how many of the timed cells' replies came
   * through shared memory, and how many cells went to the worker as the page sent them (early start).
   */
  sharedReplies: { crossOriginIsolated: boolean; replies: number; earlyStarts: number; cells: number };
  calls: ICallTimes;
  startupChunk: { files: number; bytes: number; workerLoadedAtStartup: boolean; itkInStartup: boolean };
  workerBytes: number;
  offOriginRequests: string[];
}

const SPEC = { name: 'voxel-itk', display_name: 'ITK (TypeScript, in-browser)', language: 'typescript' };
const PY_SPEC = { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' };
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
const PY_CELLS = ['6 * 7', '# an empty cell'];

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

async function waitForNewPrompt(page: Page, i: number, before: string): Promise<void> {
  await until(() => promptOf(page, i), (p) => /^\[\d+\]:$/.test(p) && p !== before, 600_000, `cell ${i} to finish`, 5);
}

/**
 * Real JupyterHub + JupyterLab + headless chromium, one learner, the kernel as a learner uses it.
 * `chromiumArgs` (diagnostics only) are further switches for the browser.
 */
export async function browserFigures(fixedBytes: Uint8Array, movingBytes: Uint8Array, emptyRuns: number, reopens: number, chromiumArgs: string[] = []): Promise<IBrowserFigures> {
  const hub = await startTestHub('bench-kernel');
  const context = await launchBrowser({ webgl: false, extraArgs: chromiumArgs });
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
    // Started as the viewer e2e counts it: the sidebar shows the catalog, and a second more.
    await page.locator('#voxel-academy-sidebar .va-Course').first().waitFor({ timeout: 120_000 });
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
    await putContents(page, `${base}/api/contents/bench-py.ipynb`, { type: 'notebook', format: 'json', content: notebookJson(PY_CELLS, PY_SPEC) });

    // BENCH_KERNEL_CPU_PROFILE=file.cpuprofile: the page's main thread during the in-browser
    // kernel's runs, for Chrome DevTools (where the time between request and reply goes).
    const profile = process.env['BENCH_KERNEL_CPU_PROFILE'] ? await startPageProfile(page) : null;
    const itk = await notebookTimes(page, `${hub.url}${base}/lab/tree/bench.ipynb`, SPEC.display_name, emptyRuns);
    if (profile) writeFileSync(process.env['BENCH_KERNEL_CPU_PROFILE'] ?? '', JSON.stringify(await profile()));
    const measured = (name: string): Promise<number[]> => page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
    // The kernel's own User Timing entries of the empty-cell runs (every other one is `6 * 7`).
    const emptyKernel = (await measured('voxel-itk:execute')).slice(1).filter((_, i) => i % 2 === 1);
    const emptyOf = async (name: string): Promise<number[]> => (await measured(name)).slice(1).filter((_, i) => i % 2 === 1);
    const emptyWorker = await emptyOf('voxel-itk:worker');
    // Where the rest goes: request in → the worker starts, and the worker done → the reply handled.
    const toWorker = await emptyOf('voxel-itk:to-worker');
    const fromWorker = await emptyOf('voxel-itk:from-worker');
    const bareRoundTripP50Ms = await bareWorkerRoundTripP50(page, emptyRuns);
    const sharedReplies = {
      crossOriginIsolated: await page.evaluate(() => crossOriginIsolated),
      replies: (await page.evaluate(() => performance.getEntriesByName('voxel-itk:shared-reply').length)) as number,
      earlyStarts: (await page.evaluate(() => performance.getEntriesByName('voxel-itk:early-start').length)) as number,
      cells: (await measured('voxel-itk:execute')).length
    };

    const before = await promptOf(page, 2);
    await runCell(page, 2);
    await waitForNewPrompt(page, 2, before);
    const text = await outputOf(page, 2).innerText();
    const line = /BENCH (\{.*\})/.exec(text)?.[1];
    if (!line) throw new Error(`the benchmark cell printed no result:\n${text.slice(0, 2000)}`);
    const raw = JSON.parse(line) as Omit<ICallTimes, 'translation'> & { parameters: unknown };
    const { parameters, ...times } = raw;
    const workerUrl = [...sizes.keys()].find((u) => u.includes('kernel.worker'));

    // ipykernel in the same JupyterLab, same browser, right after: the anchor.
    // A workspace of its own: the default one would reopen bench.ipynb beside it and start the
    // in-browser kernel again while ipykernel is timed.
    const pyUrl = `${hub.url}${base}/lab/workspaces/bench-py/tree/bench-py.ipynb`;
    const ipykernel = await notebookTimes(page, pyUrl, PY_SPEC.display_name, emptyRuns);
    // More fresh opens of each, alternating, for the first result's median (this reloads the
    // page, so it comes after every figure read from the page).
    const itkUrl = `${hub.url}${base}/lab/tree/bench.ipynb`;
    let itkAll = itk;
    let pyAll = ipykernel;
    for (let k = 0; k < reopens; k++) {
      itkAll = await reopened(itkAll, page, itkUrl, SPEC.display_name);
      pyAll = await reopened(pyAll, page, pyUrl, PY_SPEC.display_name);
    }
    return {
      itk: itkAll,
      ipykernel: pyAll,
      emptyCell: { runs: emptyKernel.length, kernelP50Ms: percentile(emptyKernel, 50), kernelP95Ms: percentile(emptyKernel, 95), workerP50Ms: percentile(emptyWorker, 50), toWorkerP50Ms: percentile(toWorker, 50), fromWorkerP50Ms: percentile(fromWorker, 50), bareRoundTripP50Ms },
      sharedReplies,
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

/** Starts the page's CPU profiler; the returned function stops it and gives the profile. */
async function startPageProfile(page: Page): Promise<() => Promise<unknown>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => (await cdp.send('Profiler.stop')).profile;
}
