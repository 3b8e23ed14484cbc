import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core from npm, injected into the page from disk (no CDN: the tests run offline). */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface IAxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * Serious and critical accessibility violations inside `selector` (WCAG 2.1 A/AA rules), one
 * line each: rule, what it asks for, and where. Minor and moderate findings are not counted.
 */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = (await page.evaluate(
    (sel) =>
      (window as unknown as { axe: { run(ctx: Element, opts: unknown): Promise<unknown> } }).axe.run(document.querySelector(sel) as Element, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations']
      }),
    selector
  )) as IAxeResult;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — at ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(', ')}`);
}
