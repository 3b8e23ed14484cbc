import { describe, expect, it } from 'vitest';
import type { IBrowserFigures } from '../bench/browser.js';
import { verdicts } from '../bench/verdicts.js';

/** Figures shaped as `npm run bench:kernel` measures them; only the timed fields matter here. */
function figures(itkWarmMs: number, ipykernelWarmMs: number): IBrowserFigures {
  const times = (firstResultMs: number, warmResultP50Ms: number) => ({
    coldStartMs: 2500,
    firstResultMs,
    firstResultsMs: [firstResultMs],
    warmResultP50Ms,
    emptyUiP50Ms: 8,
    emptyPingP50Ms: 15,
    runs: 50
  });
  return {
    itk: times(14.4, itkWarmMs),
    ipykernel: times(32.6, ipykernelWarmMs),
    emptyCell: { runs: 50, kernelP50Ms: 1.2, kernelP95Ms: 3, workerP50Ms: 0.2, toWorkerP50Ms: 0, fromWorkerP50Ms: 2.8, bareRoundTripP50Ms: 0.2 },
    sharedReplies: { crossOriginIsolated: true, replies: 101, earlyStarts: 101, cells: 101 },
    calls: {} as IBrowserFigures['calls'],
    startupChunk: { files: 5, bytes: 242_856, workerLoadedAtStartup: false, itkInStartup: false },
    workerBytes: 0,
    offOriginRequests: []
  };
}

const warmRow = (f: IBrowserFigures) => verdicts(f).find((v) => v.figure.startsWith('Shift+Enter → result, kernel running'));

describe('kernel bench verdicts', () => {
  it('never prints a speed-up just short of the target as reaching it', () => {
    // 19.415 / 9.715 = 1.9985…: rounded to one decimal it read "2.0×" beside NOT MET.
    const row = warmRow(figures(9.715, 19.415));
    expect(row?.met).toBe(false);
    expect(row?.target).toContain('(ratio 1.99×)');
  });

  it('meets the target at 2× and shows the ratio with two decimals', () => {
    expect(warmRow(figures(10, 20))).toMatchObject({ met: true, target: expect.stringContaining('(ratio 2.00×)') });
    const first = verdicts(figures(10, 20)).find((v) => v.figure.startsWith('Shift+Enter → first result'));
    expect(first).toMatchObject({ met: true, value: 14.4, anchorValue: 32.6, target: expect.stringContaining('(ratio 2.26×)') });
  });
});
