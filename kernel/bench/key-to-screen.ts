import type { Page } from 'playwright-core';
import { cell } from '../../e2e/support/lab.js';

/** A worker that answers each message at once: the floor any worker message has on the page. */
const ECHO_WORKER = 'onmessage = (e) => postMessage(e.data)';

/** What marks a cell's run as done on screen. */
export type ScreenMark = { output: string } | { prompt: true };

declare global {
  interface Window {
    voxelBenchTiming?: Promise<number>;
    voxelBenchPing?: Promise<number>;
    voxelBenchEcho?: Worker;
  }
}

/** Key press → screen, and how long a bare worker pinged at that key press took to answer. */
export interface IKeyTiming {
  ms: number;
  /**
   * The wait any message from a worker has on this page right after the key press: JupyterLab's
   * own work for it, and chromium holding the page's tasks until the next frame is drawn.
   */
  pingMs: number;
}

/**
 * Runs cell `i` from the keyboard and times, inside the page, from the key press (the keydown
 * event) to the DOM change that shows the result: a new output node holding `mark.output`, or
 * the prompt turning into a new `[n]:`. A MutationObserver sees the change as it is made, so the
 * figure carries no polling delay from the test side; it is the same measure for every kernel.
 */
export async function keyToScreenMs(page: Page, i: number, mark: ScreenMark, stay: boolean, timeoutMs = 120_000): Promise<IKeyTiming> {
  // tsx compiles with esbuild's keepNames: the functions below reach the page wrapped in
  // `__name(…)`, which the page must have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  await cell(page, i).evaluate(
    (node, { mark, timeoutMs, echoSource }) => {
      const outputs = (): Element[] => Array.from(node.querySelectorAll('.jp-OutputArea-output'));
      const prompt = (): string => (node.querySelector('.jp-InputPrompt')?.textContent ?? '').trim();
      const old = new Set(outputs());
      const before = prompt();
      window.voxelBenchTiming = new Promise<number>((resolve, reject) => {
        let pressed: number | null = null;
        // A worker that echoes at once, pinged at the key press: its answer waits for the page's
        // main thread (and chromium's next frame) exactly as the kernel's reply does, but carries no kernel work.
        const echo = (window.voxelBenchEcho ??= new Worker(URL.createObjectURL(new Blob([echoSource], { type: 'text/javascript' }))));
        const onKey = (e: KeyboardEvent): void => {
          if (pressed !== null || e.key !== 'Enter' || !(e.shiftKey || e.ctrlKey)) return;
          const at = performance.now();
          pressed = at;
          window.voxelBenchPing = new Promise<number>((done) => {
            echo.onmessage = () => done(performance.now() - at);
            echo.postMessage(0);
          });
        };
        const done = (): boolean =>
          'output' in mark ? outputs().some((o) => !old.has(o) && (o.textContent ?? '').includes(mark.output)) : /^\[\d+\]:$/.test(prompt()) && prompt() !== before;
        const finish = (): void => {
          observer.disconnect();
          document.removeEventListener('keydown', onKey, true);
          clearTimeout(timer);
        };
        const observer = new MutationObserver(() => {
          if (pressed === null || !done()) return;
          const ms = performance.now() - pressed;
          finish();
          resolve(ms);
        });
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no result on screen within ${timeoutMs} ms (prompt ${prompt()})`));
        }, timeoutMs);
        document.addEventListener('keydown', onKey, true);
        observer.observe(node, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      window.voxelBenchTiming.catch(() => undefined);
    },
    { mark, timeoutMs, echoSource: ECHO_WORKER }
  );
  // Focus the cell as a learner does, then let the page finish what the click started (the
  // active cell's toolbar, focus handling: ~20–30 ms of main-thread work in the next frames)
  // before the key press. Pressed a millisecond after the click, as a script does and no
  // person can, that work fell inside the timed window: it delayed the in-browser kernel's
  // reply behind it, and hid behind ipykernel's network round trip.
  await cell(page, i).locator('.jp-InputArea-editor').click();
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 1000 }))));
  await page.keyboard.press(stay ? 'Control+Enter' : 'Shift+Enter');
  const ms = await page.evaluate(() => window.voxelBenchTiming ?? Promise.reject(new Error('no timing was set up')));
  const pingMs = await page.evaluate(() => window.voxelBenchPing ?? Promise.reject(new Error('no ping was sent')));
  return { ms, pingMs };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * The floor under the kernel's own overhead, in the same page and the same run: a bare worker
 * (echoes what it gets) and `runs` postMessage round trips, paced like the cells.
 */
export async function bareWorkerRoundTripP50(page: Page, runs: number): Promise<number> {
  await page.evaluate('globalThis.__name ??= (f) => f');
  const times = await page.evaluate(async ({ n, echoSource }) => {
    const worker = new Worker(URL.createObjectURL(new Blob([echoSource], { type: 'text/javascript' })));
    const out: number[] = [];
    // One more than asked: the first trip includes the worker's start.
    for (let i = 0; i <= n; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const started = performance.now();
      await new Promise<void>((resolve) => {
        worker.onmessage = () => resolve();
        worker.postMessage(i);
      });
      out.push(performance.now() - started);
    }
    worker.terminate();
    return out.slice(1);
  }, { n: runs, echoSource: ECHO_WORKER });
  return percentile(times, 50);
}
