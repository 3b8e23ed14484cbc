import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { segmentationMetrics } from '../src/imaging/metrics.js';
import type { IVolume } from '../src/imaging/volume.js';
import { benchPython, runPythonJson } from './python-venv.js';

export interface IScipyAnchor {
  /** Our Dice + Hausdorff + HD95 on the masks in memory (no decoding), p50 over the runs. */
  oursP50Ms: number;
  /** scipy.ndimage.distance_transform_edt over the whole image (the textbook form), p50. */
  scipyWholeP50Ms: number;
  /** The same with both masks first cropped to their bounding box (as MONAI and DeepMind's surface-distance do), p50. */
  scipyCroppedP50Ms: number;
  /** How many times faster we are than each. */
  ratioWhole: number;
  ratioCropped: number;
  /** Largest difference of Dice, Hausdorff or HD95 between scipy and us (the results must agree). */
  maxDifference: number;
}

interface IScipyRun {
  timesMs: number[];
  dice: number;
  hausdorffMm: number;
  hd95Mm: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Dice, Hausdorff and HD95 of the same two masks, computed by us and by scipy in a Python
 * process, interleaved (ours, scipy whole, ours, scipy cropped) so uneven load on the shared
 * machine hits both sides alike.
 */
export async function runScipyAnchor(answer: IVolume, reference: IVolume, runs: number): Promise<IScipyAnchor> {
  const python = benchPython(['numpy', 'scipy']);
  const dir = mkdtempSync(join(tmpdir(), 'voxel-bench-masks-'));
  try {
    writeFileSync(join(dir, 'answer.u8'), answer.data as Uint8Array);
    writeFileSync(join(dir, 'reference.u8'), reference.data as Uint8Array);
    const args = [join(dir, 'answer.u8'), join(dir, 'reference.u8'), ...reference.size.map(String), ...reference.spacing.map(String)];
    const ours: number[] = [];
    const timeOurs = (): ReturnType<typeof segmentationMetrics> => {
      let m = segmentationMetrics(answer, 1, reference, 1);
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        m = segmentationMetrics(answer, 1, reference, 1);
        ours.push(performance.now() - t);
      }
      return m;
    };
    const m = timeOurs();
    const whole = await runPythonJson<IScipyRun>(python, 'scipy_surface.py', ['--whole', ...args, String(Math.max(3, Math.round(runs / 4)))]);
    timeOurs();
    const cropped = await runPythonJson<IScipyRun>(python, 'scipy_surface.py', [...args, String(runs)]);
    const maxDifference = Math.max(
      ...[whole, cropped].flatMap((s) => [Math.abs(s.dice - m.dice), Math.abs(s.hausdorffMm - m.hausdorffMm), Math.abs(s.hd95Mm - m.hd95Mm)])
    );
    if (!(maxDifference < 1e-9)) throw new Error(`scipy and the grader disagree by ${maxDifference}: ${JSON.stringify({ m, whole, cropped })}`);
    const oursP50Ms = median(ours);
    const scipyWholeP50Ms = median(whole.timesMs);
    const scipyCroppedP50Ms = median(cropped.timesMs);
    const round = (x: number): number => Math.round(10 * x) / 10;
    return {
      oursP50Ms: round(oursP50Ms),
      scipyWholeP50Ms: round(scipyWholeP50Ms),
      scipyCroppedP50Ms: round(scipyCroppedP50Ms),
      ratioWhole: round(scipyWholeP50Ms / oursP50Ms),
      ratioCropped: round(scipyCroppedP50Ms / oursP50Ms),
      maxDifference
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
