import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';

interface IKeyedItem {
  id: string;
  kind: string;
  unit?: string;
  key: { correct?: string | string[]; value?: number; accept?: string[]; point?: number[]; values?: number[]; reference?: string | { dataset: string } };
}

/**
 * The answers of a learner who did the lesson's work, read from the assessment's hidden keys
 * (as the reference solution records them); image items name the teaching dataset the key
 * compares with, which the learner's page downloads and uploads like any mask.
 */
export function answersFromKeys(course: string, assessment: string): { answers: Record<string, unknown>; images: Record<string, string> } {
  const doc = parse(readFileSync(join('assessments', course, `${assessment}.yaml`), 'utf8')) as { items: IKeyedItem[] };
  const answers: Record<string, unknown> = {};
  const images: Record<string, string> = {};
  for (const item of doc.items) {
    const k = item.key;
    if (item.kind === 'single-choice') answers[item.id] = { type: 'choice', selected: [k.correct] };
    else if (item.kind === 'multiple-choice') answers[item.id] = { type: 'choice', selected: k.correct };
    else if (item.kind === 'numeric') answers[item.id] = { type: 'number', value: k.value, ...(item.unit ? { unit: item.unit } : {}) };
    else if (item.kind === 'short-text') answers[item.id] = { type: 'text', text: k.accept?.[0] ?? '' };
    else if (item.kind === 'landmark') answers[item.id] = { type: 'point', point: k.point };
    else if (item.kind === 'transform') answers[item.id] = { type: 'vector', values: k.values };
    else if ((item.kind === 'segmentation' || item.kind === 'intensity-image') && typeof k.reference === 'object') images[item.id] = k.reference.dataset;
  }
  return { answers, images };
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
