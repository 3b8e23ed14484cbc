import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { completedExercises, completeExercises, restartAndRunAll, until } from './lab.js';
import { parse } from 'yaml';

interface IKeyedItem {
  id: string;
  kind: string;
  unit?: string;
  key: { correct?: string | string[]; value?: number; accept?: string[]; point?: number[]; values?: number[]; reference?: string | { dataset: string } };
}

/**
 * Submits from the learner's page as the extension does (session cookie, CSRF header), first
 * uploading each image answer from the course's own dataset; returns the submission's JSON.
 */
export async function submitFromPage(page: Page, course: string, assessment: string, answers: Record<string, unknown>, images: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(
    async ({ course, assessment, answers, images }) => {
      const base = '/services/academy/api';
      const headers = { 'x-voxel-academy': '1' };
      const all: Record<string, unknown> = { ...answers };
      for (const [itemId, dataset] of Object.entries(images)) {
        const data = await (await fetch(`${base}/courses/${course}/datasets/${dataset}`)).blob();
        const up = await (await fetch(`${base}/uploads`, { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: data })).json();
        all[itemId] = { type: 'image', uploadId: up.uploadId };
      }
      const res = await fetch(`${base}/courses/${course}/assessments/${assessment}/submissions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ answers: all })
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    { course, assessment, answers, images }
  );
}

/**
 * Scrolls an element from top to bottom in steps, one per animation frame, and returns the
 * frame intervals (ms) the browser achieved: printed by the test, never asserted (tests do not
 * assert wall-clock times).
 */
export async function scrollFrames(page: Page, selector: string, steps = 90, pixelsPerFrame?: number): Promise<{ frames: number; p50: number; p95: number; max: number }> {
  return page.evaluate(
    ({ selector, steps, pixelsPerFrame }) =>
      new Promise((resolve) => {
        const node = document.querySelector(selector) as HTMLElement;
        node.scrollTop = 0;
        const stride = pixelsPerFrame ?? (node.scrollHeight - node.clientHeight) / steps;
        const gaps: number[] = [];
        let last = performance.now();
        let i = 0;
        const step = (): void => {
          const now = performance.now();
          gaps.push(now - last);
          last = now;
          node.scrollTop = Math.round(++i * stride);
          if (i < steps) requestAnimationFrame(step);
          else {
            const sorted = gaps.slice(1).sort((a, b) => a - b);
            const at = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
            resolve({ frames: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) });
          }
        };
        requestAnimationFrame(step);
      }),
    { selector, steps, pixelsPerFrame }
  );
}

/**
 * A learner who does a lesson's work and passes its assessment: opens the lesson from the
 * sidebar, completes the exercise cells as the reference solution does, runs the notebook on
 * their own variant, answers the quiz items (keys the same for everyone) in the assessment
 * panel, and submits. Returns the score line the panel shows.
 */
export async function passFromNotebook(page: Page, course: string, lesson: string): Promise<string> {
  const row = page.locator(`#voxel-academy-sidebar [data-course-id="${course}"] [data-lesson-id="${lesson}"]`);
  // Only the Foundation tracks start unfolded: unfold the lesson's track as a learner would.
  const track = page.locator(`#voxel-academy-sidebar [data-course-id="${course}"] details.va-Track`, { has: page.locator(`[data-lesson-id="${lesson}"]`) });
  if ((await track.getAttribute('open')) === null) await track.locator('summary').click();
  await row.locator('button.va-Lesson-open').click();
  await page.locator('.lm-TabBar-tab', { hasText: `${lesson}.ipynb` }).waitFor({ timeout: 60_000 });
  await until(() => page.locator('.jp-NotebookPanel:visible .jp-KernelName').innerText().catch(() => ''), (t) => t === 'ITK (TypeScript, in-browser)', 60_000, 'the ITK kernel');
  await completeExercises(page, completedExercises(course, lesson));
  const { errors } = await restartAndRunAll(page, 300_000);
  if (errors.length > 0) throw new Error(`${lesson}: ${errors.join('\n')}`);
  await page.locator('.jp-NotebookPanel:visible .va-NotebookAssessmentButton').click();
  const panel = page.locator('.va-Assessment:visible');
  // A panel showing an earlier attempt's result (as after failed attempts) offers another try.
  const again = panel.locator('.va-Assessment-again');
  await Promise.race([panel.locator('.va-Assessment-items').waitFor({ timeout: 60_000 }), again.waitFor({ timeout: 60_000 })]);
  if (await again.isVisible()) await again.click();
  await panel.locator('.va-Assessment-items').waitFor({ timeout: 60_000 });
  const doc = parse(readFileSync(join('assessments', course, `${lesson}.yaml`), 'utf8')) as { items: IKeyedItem[] };
  for (const item of doc.items) {
    const block = panel.locator(`[data-item-id="${item.id}"]`);
    if ((await block.locator('.va-Assessment-fromNotebook').count()) > 0) continue;
    const k = item.key;
    if (item.kind === 'single-choice' || item.kind === 'multiple-choice') {
      for (const option of [k.correct ?? []].flat()) await block.locator(`input[value="${option}"]`).check();
    } else if (item.kind === 'short-text') {
      await block.locator('input').fill(k.accept?.[0] ?? '');
    } else if (item.kind === 'numeric' && typeof k.value === 'number') {
      await block.locator('input').fill(String(k.value));
    }
  }
  await panel.locator('.va-Assessment-review').click();
  await panel.locator('.va-Assessment-submit').click();
  // The result of this submission (graded on the learner's variant: keys may take a while).
  const result = panel.locator('.va-Assessment-result');
  await result.waitFor({ timeout: 120_000 });
  return result.locator('.va-Assessment-score').innerText();
}
