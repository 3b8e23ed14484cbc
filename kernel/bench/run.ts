import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { nodeItkBackend } from '../src/index-node.js';
import { browserFigures } from './browser.js';
import { nodeCallTimes } from './node-calls.js';
import { printVerdicts, verdicts } from './verdicts.js';
import { blob, type ICallTimes } from './volumes.js';

/**
 * `npm run bench:kernel`: the in-browser kernel in headless chromium against real JupyterLab
 * under the hub, beside the same itk-wasm calls in Node, in one run. Prints the figures and
 * writes bench-results/kernel.json. The in-browser kernel is timed beside ipykernel in the same
 * JupyterLab and browser; every issue-17 target is printed with its anchor and a verdict, nothing asserts.
 */
const ROOT = process.cwd();
const N = 128;
const SHIFT: [number, number, number] = [3, -2, 1.5];

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, name) => {
    const full = join(dir, name);
    return n + (statSync(full).isDirectory() ? dirBytes(full) : statSync(full).size);
  }, 0);
}

/**
 * `npm run bench:kernel -- --without-input-deferral`: a diagnostic, not the figures. After
 * a key press chromium holds the page's ordinary tasks (a worker's messages, WebSocket messages,
 * timers) until it has drawn the next frame (its DeferRendererTasksAfterInput feature, on by
 * default, policy "all types"), so any kernel's reply waits for that frame. This run switches the
 * feature off, to show what the kernels themselves take; no learner's browser runs like this.
 */
const WITHOUT_INPUT_DEFERRAL = process.argv.includes('--without-input-deferral');
const DIAGNOSTIC_ARGS = WITHOUT_INPUT_DEFERRAL ? ['--disable-features=DeferRendererTasksAfterInput'] : [];

const ms = (n: number): string => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const kib = (n: number): string => `${(n / 1024).toFixed(0)} KiB`;

function callRows(label: string, c: ICallTimes): void {
  console.log(`  ${label.padEnd(7)} readImage ${ms(c.readFirstMs)} first / ${ms(c.readWarmMs)} warm · downsample ×2 ${ms(c.downsampleFirstMs)} / ${ms(c.downsampleWarmMs)} · elastix translation ${ms(c.elastixFirstMs)} / ${ms(c.elastixWarmMs)} (found ${c.translation.map((t) => t.toFixed(2)).join(', ')})`);
}

async function main(): Promise<void> {
  console.log(`volumes: ${N}³ float32, moving shifted by ${SHIFT.join(', ')} mm`);
  const fixedBytes = await nodeItkBackend.writeImage(blob(N), 'bench-fixed.nii');
  const movingBytes = await nodeItkBackend.writeImage(blob(N, SHIFT), 'bench-moving.nii');

  console.log('Node (itk-wasm Node functions, this process)…');
  const node = await nodeCallTimes(fixedBytes, movingBytes);
  if (WITHOUT_INPUT_DEFERRAL) console.log(`DIAGNOSTIC: chromium started with ${DIAGNOSTIC_ARGS.join(' ')} (no learner's browser runs like this; the verdicts below are not issue 17's)`);
  console.log('browser (JupyterHub + JupyterLab + chromium, the kernel worker)…');
  // 50 warm and empty-cell runs; the first result over 7 fresh opens of each notebook.
  const browser = await browserFigures(fixedBytes, movingBytes, 50, 6, DIAGNOSTIC_ARGS);

  const pipelinesDir = join(ROOT, 'labextension', 'voxel_academy', 'labextension', 'static', 'itk-pipelines');
  const pipelinesBytes = dirBytes(pipelinesDir);
  for (const [label, t] of [['in-browser', browser.itk], ['ipykernel', browser.ipykernel]] as const) {
    console.log(`  ${label.padEnd(10)} notebook opened → first result ${ms(t.coldStartMs)}; Shift+Enter → first result p50 ${ms(t.firstResultMs)} over ${t.firstResultsMs.length} fresh opens (${t.firstResultsMs.map((v) => v.toFixed(1)).join(', ')} ms); warm Shift+Enter → result p50 ${ms(t.warmResultP50Ms)}; empty cell key → prompt p50 ${ms(t.emptyUiP50Ms)} (${t.runs} runs each)`);
  }
  console.log(`empty cell in the in-browser kernel (${browser.emptyCell.runs} runs): request → reply p50 ${ms(browser.emptyCell.kernelP50Ms)}, p95 ${ms(browser.emptyCell.kernelP95Ms)}, of which in the worker p50 ${ms(browser.emptyCell.workerP50Ms)}, request → worker p50 ${ms(browser.emptyCell.toWorkerP50Ms)}, worker → reply handled p50 ${ms(browser.emptyCell.fromWorkerP50Ms)}; a bare worker postMessage round trip in the same page p50 ${ms(browser.emptyCell.bareRoundTripP50Ms)}, the same pinged at the empty cell's key press p50 ${ms(browser.itk.emptyPingP50Ms)} (it waits, as the kernel's reply does, for JupyterLab's own work for the key press and for chromium's next frame: chromium holds a page's tasks after an input until then; see --without-input-deferral)`);
  const shared = browser.sharedReplies;
  console.log(`lab page cross-origin isolated: ${shared.crossOriginIsolated ? 'yes' : 'no'}; replies through shared memory, in the key press's own task: ${shared.replies} of ${shared.cells} cells; sent to the worker as the page sent them (early start): ${shared.earlyStarts} of ${shared.cells}`);
  console.log(`${N}³ calls, first (pipeline load) and warm:`);
  callRows('worker', browser.calls);
  callRows('Node', node);
  console.log(`startup scripts of the extension: ${browser.startupChunk.files} files, ${browser.startupChunk.bytes.toLocaleString('en')} bytes (${kib(browser.startupChunk.bytes)}); kernel worker loaded at startup: ${browser.startupChunk.workerLoadedAtStartup ? 'yes' : 'no'}; itk-wasm or sucrase in it: ${browser.startupChunk.itkInStartup ? 'yes' : 'no'}`);
  console.log(`kernel worker bundle ${kib(browser.workerBytes)} (loaded when a notebook starts the kernel); pipelines shipped ${(pipelinesBytes / 1024 / 1024).toFixed(1)} MB, fetched per package on first use`);
  console.log(`off-origin requests: ${browser.offOriginRequests.length}`);
  const targets = verdicts(browser);
  printVerdicts(targets, WITHOUT_INPUT_DEFERRAL ? `DIAGNOSTIC, chromium's input deferral off (${DIAGNOSTIC_ARGS.join(' ')})` : 'issue 17 targets (same run)');

  const results = {
    date: new Date().toISOString(),
    chromiumArgs: DIAGNOSTIC_ARGS,
    cpus: cpus().length,
    volume: { size: [N, N, N], componentType: 'float32', shiftMm: SHIFT },
    browser,
    targets,
    node,
    pipelinesBytes
  };
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  const file = WITHOUT_INPUT_DEFERRAL ? 'kernel-without-input-deferral.json' : 'kernel.json';
  writeFileSync(join(ROOT, 'bench-results', file), JSON.stringify(results, null, 2) + '\n');
  console.log(`written to bench-results/${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
