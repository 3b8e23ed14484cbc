/**
 * Benchmark of what one segmentation submission costs the server: decoding the learner's
 * gzip NIfTI upload and grading it against a reference, on a 256×256×128 label map.
 * Exports a function only; how it is run (compiled, or from a test runner) is up to the caller.
 */
import { performance } from 'node:perf_hooks';
import type { ContentItemOf } from '../src/assessments/content-schema.js';
import { gradeSegmentation } from '../src/grading/segmentation.js';
import { squaredEdt } from '../src/imaging/edt.js';
import { borderVoxels, cropMask } from '../src/imaging/masks.js';
import { readNifti, writeNifti } from '../src/imaging/nifti.js';
import type { IVolume, Vec3 } from '../src/imaging/volume.js';

export interface IImageGradingBench {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  minMs: number;
  /** Size of the gzip NIfTI answer that each run decodes. */
  compressedBytes: number;
  dice: number;
  hausdorffMm: number;
  hd95Mm: number;
  score: number;
  /** Median time of decoding plus a whole-image distance-transform Hausdorff, for comparison. */
  wholeVolumeP50Ms?: number;
  /** The masks graded, for the scipy anchor. */
  volumes: { reference: IVolume; answer: IVolume };
}

export interface IImageGradingBenchOptions {
  runs?: number;
  /** Runs of the whole-volume comparison; 0 skips it. */
  wholeVolumeRuns?: number;
}

const SIZE: Vec3 = [256, 256, 128];
const SPACING: Vec3 = [0.8, 0.8, 1.5];

interface IBlob {
  centre: Vec3;
  radii: Vec3;
  /** Amplitudes of two low-frequency surface ripples, as fractions of the radius. */
  ripple: [number, number];
}

/** An ellipsoid whose radius varies with direction, like an organ outline, drawn into `data`. */
function drawBlob(data: Uint8Array, blob: IBlob, label: number): void {
  const [nx, ny] = SIZE;
  const { centre: c, radii: r, ripple } = blob;
  const reach = 1 + Math.abs(ripple[0]) + Math.abs(ripple[1]);
  const lo = c.map((v, i) => Math.max(0, Math.floor(v - r[i] * reach)));
  const hi = c.map((v, i) => Math.min(SIZE[i] - 1, Math.ceil(v + r[i] * reach)));
  for (let z = lo[2]; z <= hi[2]; z++) {
    for (let y = lo[1]; y <= hi[1]; y++) {
      for (let x = lo[0]; x <= hi[0]; x++) {
        const u = (x - c[0]) / r[0];
        const v = (y - c[1]) / r[1];
        const w = (z - c[2]) / r[2];
        const rho = Math.hypot(u, v, w);
        const theta = Math.atan2(v, u);
        const phi = rho === 0 ? 0 : Math.acos(w / rho);
        const bound = 1 + ripple[0] * Math.sin(3 * theta) * Math.sin(2 * phi) + ripple[1] * Math.cos(5 * phi);
        if (rho <= bound) data[(z * ny + y) * nx + x] = label;
      }
    }
  }
}

function volume(data: Uint8Array): IVolume {
  return { size: [...SIZE], spacing: [...SPACING], origin: [-102, -102, -96], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

/** Reference: one rippled ellipsoid. Answer: shifted, differently rippled, plus a small false-positive island. */
export function benchVolumes(): { reference: IVolume; answer: IVolume } {
  const ref = new Uint8Array(SIZE[0] * SIZE[1] * SIZE[2]);
  drawBlob(ref, { centre: [128, 124, 64], radii: [70, 55, 40], ripple: [0.08, 0.04] }, 1);
  const ans = new Uint8Array(ref.length);
  drawBlob(ans, { centre: [130, 123, 65], radii: [68, 57, 39], ripple: [0.06, 0.05] }, 1);
  drawBlob(ans, { centre: [215, 124, 64], radii: [4, 4, 3], ripple: [0, 0] }, 1);
  return { reference: volume(ref), answer: volume(ans) };
}

/**
 * The textbook approach for comparison: distance transforms of both surfaces over the whole
 * image, read at the other surface. Same Hausdorff distance, far more work.
 */
function wholeVolumeHausdorff(answer: IVolume, reference: IVolume): number {
  const box = { lo: [0, 0, 0] as Vec3, hi: SIZE.map((n) => n - 1) as Vec3 };
  const a = cropMask(answer.data, SIZE, 1, box);
  const r = cropMask(reference.data, SIZE, 1, box);
  const borderA = borderVoxels(a, SIZE);
  const borderR = borderVoxels(r, SIZE);
  let max = 0;
  for (const [targets, probes] of [[borderR, borderA], [borderA, borderR]]) {
    const sites = new Uint8Array(a.length);
    for (const i of targets) sites[i] = 1;
    const dist = squaredEdt(sites, SIZE, answer.spacing);
    for (const i of probes) max = Math.max(max, Math.sqrt(dist[i]));
  }
  return max;
}

function rank(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}

export async function runImageGradingBench(options: IImageGradingBenchOptions = {}): Promise<IImageGradingBench> {
  const runs = options.runs ?? 20;
  const wholeRuns = options.wholeVolumeRuns ?? 2;
  const { reference, answer } = benchVolumes();
  const upload = writeNifti(answer, { gzip: true });
  const limits = { maxCompressedBytes: 64 * 1024 * 1024, maxDecodedBytes: 256 * 1024 * 1024 };
  const item: ContentItemOf<'segmentation'> = {
    id: 'bench-liver',
    kind: 'segmentation',
    prompt: 'Segment the structure.',
    weight: 1,
    feedback: {},
    label: 1,
    key: { reference: 'bench/reference.nii.gz', dice: { full: 0.9, zero: 0.5 }, hd95Mm: { full: 2, zero: 10 } }
  };

  const times: number[] = [];
  let last = gradeSegmentation(item, { type: 'image', uploadId: 'bench' }, { answerImage: readNifti(upload, limits), referenceImage: reference });
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const decoded = readNifti(upload, limits);
    last = gradeSegmentation(item, { type: 'image', uploadId: 'bench' }, { answerImage: decoded, referenceImage: reference });
    times.push(performance.now() - start);
    // Let timers and I/O run between iterations, as a server would.
    await new Promise((resolve) => setImmediate(resolve));
  }
  times.sort((a, b) => a - b);

  const whole: number[] = [];
  for (let i = 0; i < wholeRuns; i++) {
    const start = performance.now();
    const hd = wholeVolumeHausdorff(readNifti(upload, limits), reference);
    whole.push(performance.now() - start);
    if (Math.abs(hd - (last.measurements?.hausdorffMm ?? NaN)) > 1e-6) throw new Error(`whole-volume Hausdorff ${hd} disagrees`);
  }
  whole.sort((a, b) => a - b);

  const m = last.measurements ?? {};
  return {
    runs,
    p50Ms: rank(times, 0.5),
    p95Ms: rank(times, 0.95),
    minMs: times[0],
    compressedBytes: upload.length,
    dice: m.dice,
    hausdorffMm: m.hausdorffMm,
    hd95Mm: m.hd95Mm,
    score: last.score,
    volumes: { reference, answer },
    ...(whole.length > 0 ? { wholeVolumeP50Ms: rank(whole, 0.5) } : {})
  };
}
