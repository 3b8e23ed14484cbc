import { STARTUP_JS_BUDGET } from '../../e2e/support/browser.js';
import type { IBrowserFigures } from './browser.js';

/** One figure beside its anchor and target, with its verdict. */
export interface IVerdict {
  figure: string;
  value: number;
  anchor: string;
  anchorValue: number;
  target: string;
  met: boolean;
}

/** Empty cell: the kernel's time ≤ 2× the worker's own time + 3 ms. */
const EMPTY_FACTOR = 2;
const EMPTY_FIXED_MS = 3;
/** The in-browser kernel's Shift+Enter → result at least 2× faster than ipykernel's. */
const SPEEDUP = 2;

const ms = (n: number): string => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

/** The in-browser kernel's time beside ipykernel's for the same thing. */
function speedup(figure: string, itkMs: number, ipykernelMs: number): IVerdict {
  return {
    figure,
    value: itkMs,
    anchor: 'ipykernel (ms)',
    anchorValue: ipykernelMs,
    // Two decimals, rounded down: the verdict compares unrounded figures, and 1.998× shown as
    // "2.0×" beside NOT MET read as a contradiction. Rounding down never overstates the speed-up.
    target: `≥ ${SPEEDUP}× faster (ratio ${(Math.floor((100 * ipykernelMs) / itkMs) / 100).toFixed(2)}×)`,
    met: ipykernelMs >= SPEEDUP * itkMs
  };
}

export function verdicts(b: IBrowserFigures): IVerdict[] {
  const { itk, ipykernel, emptyCell } = b;
  const emptyLimit = EMPTY_FACTOR * emptyCell.workerP50Ms + EMPTY_FIXED_MS;
  return [
    {
      figure: 'extension startup JS (bytes)',
      value: b.startupChunk.bytes,
      anchor: 'budget',
      anchorValue: STARTUP_JS_BUDGET,
      target: `≤ ${STARTUP_JS_BUDGET.toLocaleString('en')} bytes`,
      met: b.startupChunk.bytes <= STARTUP_JS_BUDGET
    },
    {
      figure: 'empty cell, kernel request → reply p50 (ms)',
      value: emptyCell.kernelP50Ms,
      anchor: "worker's own time p50 (ms)",
      anchorValue: emptyCell.workerP50Ms,
      target: `≤ ${EMPTY_FACTOR}× worker + ${EMPTY_FIXED_MS} ms = ${ms(emptyLimit)}`,
      met: emptyCell.kernelP50Ms <= emptyLimit
    },
    speedup(`Shift+Enter → first result, notebook just opened, p50 of ${itk.firstResultsMs.length} opens (ms)`, itk.firstResultMs, ipykernel.firstResultMs),
    speedup('Shift+Enter → result, kernel running, p50 (ms)', itk.warmResultP50Ms, ipykernel.warmResultP50Ms)
  ];
}

export function printVerdicts(rows: IVerdict[], heading: string): void {
  const num = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(1));
  console.log(`\n${heading}:`);
  for (const r of rows) {
    console.log(`  ${r.met ? 'met    ' : 'NOT MET'}  ${r.figure}: ${num(r.value)} · ${r.anchor}: ${num(r.anchorValue)} · target ${r.target}`);
  }
}
