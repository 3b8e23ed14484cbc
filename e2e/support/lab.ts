import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Helpers to drive a JupyterLab notebook as a person would (no vitest: the benchmark uses them too). */

/** Writes through the learner's contents API as the page's user (cookie + XSRF header). */
export async function putContents(page: Page, url: string, model: Record<string, unknown>): Promise<number> {
  return page.evaluate(
    async ({ url, body }) => {
      // Jupyter Server wants the _xsrf cookie echoed in a header on cookie-authenticated API calls.
      const xsrf = /_xsrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-xsrftoken': decodeURIComponent(xsrf) }, body });
      return res.status;
    },
    { url, body: JSON.stringify(model) }
  );
}

/** GET from the learner's Jupyter server API as the page does. */
export function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const xsrf = /_xsrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
    return (await fetch(u, { headers: { 'x-xsrftoken': decodeURIComponent(xsrf) } })).json();
  }, url) as Promise<T>;
}

/** A notebook of code cells; `course` stamps it as Open lesson does, so course.data loads that course's datasets. */
export function notebookJson(cells: string[], kernel: { name: string; display_name: string; language: string }, course?: string): Record<string, unknown> {
  return {
    cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null })),
    metadata: { kernelspec: kernel, ...(course ? { voxel_academy: { course } } : {}) },
    nbformat: 4,
    nbformat_minor: 5
  };
}

// The notebook on show: other notebooks may be open in hidden tabs.
export const cell = (page: Page, i: number): Locator => page.locator('.jp-NotebookPanel:visible .jp-Notebook .jp-Cell').nth(i);
export const outputOf = (page: Page, i: number): Locator => cell(page, i).locator('.jp-OutputArea');
export const promptOf = async (page: Page, i: number): Promise<string> => (await cell(page, i).locator('.jp-InputPrompt').innerText()).trim();

/** Focuses the cell's editor and runs it (Shift+Enter, or Ctrl+Enter to stay on the cell). */
export async function runCell(page: Page, i: number, stay = false): Promise<void> {
  await cell(page, i).locator('.jp-InputArea-editor').click();
  await page.keyboard.press(stay ? 'Control+Enter' : 'Shift+Enter');
}

/**
 * Runs the cell and waits until it has run (prompt `[n]:`). A key press that lands while the
 * notebook is still settling (editor not yet focusable, kernel still connecting) is lost and the
 * prompt stays `[ ]:`; a person presses again, and so does this, at most twice more. It never
 * presses again once the cell is queued or running (`[*]:`), so a cell never runs twice.
 */
export async function runCellUntilDone(page: Page, i: number, timeoutMs = 90_000): Promise<void> {
  const prompt = async (): Promise<string> => ((await cell(page, i).locator('.jp-InputPrompt').textContent()) ?? '').trim();
  const notStarted = (p: string): boolean => p === '' || p === '[ ]:';
  const deadline = Date.now() + timeoutMs;
  for (let press = 0; press < 3; press++) {
    await runCell(page, i);
    const started = await until(prompt, (p) => !notStarted(p), 15_000, `cell ${i} to start`, 200).then(() => true, () => false);
    if (started) break;
  }
  await until(prompt, (p) => /^\[\d+\]:$/.test(p), Math.max(1_000, deadline - Date.now()), `cell ${i} to finish running`, 250);
}

/** Polls `read` until `ok` holds; returns the last value or throws with it after `timeoutMs`. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000, what = 'condition', intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await read();
  }
  return value;
}

/**
 * Restarts the visible notebook's kernel and runs every cell, from the notebook toolbar (the
 * dialog asks first), as a learner would. Resolves once every code cell has run, or at the
 * first error output (an error stops Run All); returns the error outputs and the cell count.
 */
export async function restartAndRunAll(page: Page, timeoutMs = 300_000): Promise<{ errors: string[]; cells: number }> {
  const panel = page.locator('.jp-NotebookPanel:visible');
  await panel.locator('.jp-NotebookPanel-toolbar [data-command="notebook:restart-run-all"]').click();
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  // textContent: cells scrolled out of view are not laid out, so their innerText is empty.
  const prompts = (): Promise<string[]> => panel.locator('.jp-CodeCell .jp-InputPrompt').evaluateAll((nodes) => nodes.map((n) => (n.textContent ?? '').trim()));
  const errors = (): Promise<string[]> =>
    panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
  const done = await until(
    async () => ({ pending: (await prompts()).filter((p) => !/^\[\d+\]:$/.test(p)).length, errors: await errors() }),
    (s) => s.errors.length > 0 || s.pending === 0,
    timeoutMs,
    'every cell to run',
    500
  );
  return { errors: done.errors, cells: (await prompts()).length };
}

interface INotebookFile {
  cells: { cell_type: string; source: string | string[] }[];
}
const sourceOf = (c: { source: string | string[] }): string => (Array.isArray(c.source) ? c.source.join('') : c.source);
const readNotebook = (path: string): INotebookFile => JSON.parse(readFileSync(path, 'utf8')) as INotebookFile;

/**
 * What the learner writes: the exercise cells of the shipped notebook, completed as in the
 * reference solution (which keeps the lesson's cells in order and adds its quiz answers after).
 */
export function completedExercises(course: string, lesson: string): { index: number; code: string }[] {
  const shipped = readNotebook(join('notebooks', course, `${lesson}.ipynb`)).cells;
  const solution = readNotebook(join('assessments', course, 'solutions', `${lesson}.ipynb`)).cells;
  return shipped.flatMap((c, index) => {
    const done = solution[index];
    return c.cell_type === 'code' && done?.cell_type === 'code' && sourceOf(c) !== sourceOf(done) ? [{ index, code: sourceOf(done) }] : [];
  });
}

/** Types the completed exercise cells into the open notebook, as a learner would. */
export async function completeExercises(page: Page, exercises: { index: number; code: string }[]): Promise<void> {
  for (const { index, code } of exercises) {
    await cell(page, index).locator('.jp-InputArea-editor').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(code);
  }
}
