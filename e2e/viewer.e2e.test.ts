import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { hubLogin, launchBrowser, offOrigin, recordRequests, STARTUP_JS_BUDGET } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';
import { cell, notebookJson, outputOf, putContents, runCellUntilDone } from './support/lab.js';

/**
 * The slice viewer on a real MR volume and on a copy flipped left-right whose direction says
 * so (a known direction): both show the patient the same way round, the orientation letters
 * agree with the LPS coordinates under the crosshair, and the value read out is the value
 * in the data at the voxel read out (checked by the kernel itself).
 */
const CELLS = [
  "const t1 = await course.data('brain-t1-3d')\ndisplay(t1, { level: 120, window: 240 })\nt1.size",
  [
    '// The same scan stored the other way round along x, with a direction that says so.',
    'const [nx, ny, nz] = t1.size',
    'const flippedData = new t1.data.constructor(t1.data.length)',
    'for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) flippedData[nx - 1 - i + nx * (j + ny * k)] = t1.data[i + nx * (j + ny * k)]',
    'const d = Array.from(t1.direction)',
    'for (const row of [0, 1, 2]) d[row * 3] = -d[row * 3]',
    'const flipped = { ...t1, data: flippedData, direction: Float64Array.from(d), origin: itk.indexToPhysical(t1, [nx - 1, 0, 0]) }',
    'display(flipped, { level: 120, window: 240 })'
  ].join('\n'),
  'const valueAt = (image, [i, j, k]) => image.data[i + image.size[0] * (j + image.size[1] * k)]'
];
const SPEC = { name: 'voxel-itk', display_name: 'ITK (TypeScript, in-browser)', language: 'typescript' };

interface IReadout {
  lps: number[];
  voxel: number[];
  value: number;
}

/** Clicks the axial plane at a share of its width and height (from its edge letters) and reads the crosshair out. */
async function clickAxial(viewer: Locator, page: Page, fx: number, fy: number): Promise<IReadout> {
  const box = async (side: string) => (await viewer.locator(`.va-SliceViewer-label[data-plane="0"][data-side="${side}"]`).boundingBox())!;
  const [left, right, top, bottom] = [await box('left'), await box('right'), await box('top'), await box('bottom')];
  const x = left.x + (right.x + right.width - left.x) * fx;
  const y = top.y + (bottom.y + bottom.height - top.y) * fy;
  const readout = viewer.locator('.va-SliceViewer-readout');
  const before = await readout.getAttribute('data-lps');
  await page.mouse.click(x, y);
  try {
    await expect.poll(() => readout.getAttribute('data-lps'), { timeout: 10_000 }).not.toBe(before);
  } catch {
    await viewer.screenshot({ path: join(ARTIFACTS, 'viewer-click-failed.png') });
    throw new Error(`clicking (${x.toFixed(0)}, ${y.toFixed(0)}) moved no crosshair; the readout says: ${await readout.innerText()}`);
  }
  const attr = async (name: string): Promise<string> => (await readout.getAttribute(name)) ?? '';
  return { lps: (await attr('data-lps')).split(',').map(Number), voxel: (await attr('data-voxel')).split(',').map(Number), value: Number(await attr('data-value')) };
}

describe('the slice viewer', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];
  const learner = `viewer-${randomBytes(3).toString('hex')}`;

  const scripts = new Map<string, number>();

  beforeAll(async () => {
    hub = await startTestHub('viewer');
    context = await launchBrowser();
    requests = recordRequests(context);
    // The extension's own scripts, with their sizes: what JupyterLab's startup costs us.
    context.on('response', (response) => {
      const url = response.url().split('?')[0] ?? '';
      if (url.includes('/@voxel-academy/labextension/static/') && url.endsWith('.js')) void response.body().then((b) => scripts.set(url, b.length), () => undefined);
    });
  });

  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });

  it('shows a flipped acquisition the right way round, with letters that match the coordinates and the value under the crosshair', async () => {
    const page = await context.newPage();
    await hubLogin(page, hub.url, learner);
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    await page.locator('#voxel-academy-sidebar .va-Course').first().waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    // niivue is not part of JupyterLab's start: it loads with the first image output.
    const startup = [...scripts];
    const startupText = await Promise.all(startup.map(([u]) => page.evaluate(async (url) => (await fetch(url)).text(), u)));
    const startupBytes = startup.reduce((n, [, b]) => n + b, 0);
    console.log(`extension scripts at startup: ${startup.length} files, ${startupBytes.toLocaleString('en')} bytes (${(startupBytes / 1024).toFixed(0)} KiB)`);
    expect(startupBytes, 'bytes of the extension loaded at startup').toBeLessThanOrEqual(STARTUP_JS_BUDGET);
    // The viewer's own code comes with the first image output, like niivue.
    expect(startupText.some((t) => t.includes('Run the cell again for the interactive viewer')), 'the slice viewer in the startup scripts').toBe(false);
    expect(startupText.some((t) => t.includes('sliceTypeMultiplanar')), 'niivue in the startup scripts').toBe(false);
    expect(startup.some(([u]) => u.includes('kernel.worker'))).toBe(false);
    const base = `/user/${learner}`;
    expect([200, 201]).toContain(await putContents(page, `${base}/api/contents/viewer.ipynb`, { type: 'notebook', format: 'json', content: notebookJson(CELLS, SPEC, 'medical-image-analysis') }));
    await page.goto(`${hub.url}${base}/lab/tree/viewer.ipynb`);
    await expect.poll(() => page.locator('.jp-NotebookPanel-toolbar .jp-KernelName').innerText(), { timeout: 60_000 }).toBe('ITK (TypeScript, in-browser)');
    await cell(page, CELLS.length - 1).waitFor({ timeout: 120_000 });
    for (const i of [0, 1, 2]) await runCellUntilDone(page, i);
    const lazy = [...scripts].filter(([u]) => !startup.some(([s]) => s === u) && !u.includes('kernel.worker'));
    console.log(`loaded with the first viewer: ${lazy.length} files, ${(lazy.reduce((n, [, b]) => n + b, 0) / 1024).toFixed(0)} KiB`);
    const original = outputOf(page, 0).locator('.va-SliceViewer');
    const flipped = outputOf(page, 1).locator('.va-SliceViewer');
    for (const viewer of [original, flipped]) await expect.poll(() => viewer.locator('.va-SliceViewer-label').count(), { timeout: 60_000 }).toBe(12);
    // textContent: the first cell may be scrolled out of view by now (JupyterLab does not lay
    // out cells off screen, so their innerText is empty).
    const size = ((await outputOf(page, 0).textContent()) ?? '').match(/\[ (\d+), (\d+), (\d+) \]/)?.slice(1).map(Number) ?? [];
    expect(size).toHaveLength(3);

    // Where the index axes point, from each direction matrix: left-right swapped in the copy.
    const axes = async (v: Locator): Promise<string> => (await v.locator('.va-SliceViewer-axes').getAttribute('data-axes')) ?? '';
    const originalAxes = await axes(original);
    const flippedAxes = await axes(flipped);
    const swapLR = (s: string): string => s.replace(/[LR]/g, (c) => (c === 'L' ? 'R' : 'L'));
    expect(flippedAxes).toBe(swapLR(originalAxes));
    // Radiological convention (the default setting): the patient's right on screen left, in both.
    for (const viewer of [original, flipped]) {
      const letter = async (side: string): Promise<string> => viewer.locator(`.va-SliceViewer-label[data-plane="0"][data-side="${side}"]`).innerText();
      expect([await letter('left'), await letter('right'), await letter('top'), await letter('bottom')]).toEqual(['R', 'L', 'A', 'P']);
    }

    await original.screenshot({ path: join(ARTIFACTS, 'viewer-original.png') });
    await flipped.screenshot({ path: join(ARTIFACTS, 'viewer-flipped.png') });

    // The same screen point lands on the same place in the patient, in both viewers.
    const a = await clickAxial(original, page, 0.3, 0.5);
    const b = await clickAxial(flipped, page, 0.3, 0.5);
    for (const axis of [0, 1, 2]) expect(Math.abs((a.lps[axis] ?? 0) - (b.lps[axis] ?? 0)), `LPS ${axis}: ${a.lps} vs ${b.lps}`).toBeLessThan(1);
    expect(b.value).toBe(a.value);
    expect(b.voxel).toEqual([(size[0] ?? 0) - 1 - (a.voxel[0] ?? 0), a.voxel[1], a.voxel[2]]);
    // Further right on screen is further to the patient's left (LPS x grows): the letters hold.
    const c = await clickAxial(original, page, 0.7, 0.5);
    expect(c.lps[0]).toBeGreaterThan(a.lps[0] ?? 0);

    // The value read out is the data's value at the voxel read out (asked of the kernel).
    const check = `[valueAt(t1, [${a.voxel.join(', ')}]), valueAt(flipped, [${b.voxel.join(', ')}])]`;
    await page.locator('.jp-Notebook .jp-Cell').nth(2).locator('.jp-InputArea-editor').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(check);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => outputOf(page, 2).innerText(), { timeout: 30_000 }).toMatch(new RegExp(`\\[ ${a.value}, ${a.value} \\]$`));

    // Presets change the window on the image's own values; the picture stays valid.
    await original.locator('select').selectOption('ct-bone');
    await original.screenshot({ path: join(ARTIFACTS, 'viewer-bone-window.png') });
    expect(await axeViolations(page, '.va-SliceViewer')).toEqual([]);
    expect(offOrigin(requests)).toEqual([]);
  }, 360_000);
});
