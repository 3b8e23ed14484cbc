// Rough timings of the toolkit on a 128³ float32 volume (1 mm isotropic and
// 0.8 × 0.8 × 2 mm). Run from the repository root:
//   npx tsx kernel/scripts/bench-toolkit.ts
// Numbers are wall-clock medians of 3 runs after one warm-up, single thread.
import type { Image } from 'itk-wasm';
import {
  binaryClose,
  binaryDilate,
  binaryErode,
  connectedComponents,
  gaussianSmooth,
  histogram,
  labelStatistics,
  largestComponent,
  makeImage,
  otsuThreshold,
  windowLevel
} from '../src/toolkit/index.js';

const N = 128;

function volume(spacing: number[]): Image {
  // Deterministic blobs + pseudo-noise (LCG) so runs are comparable.
  const data = new Float32Array(N * N * N);
  let seed = 12345;
  for (let z = 0, i = 0; z < N; z++)
    for (let y = 0; y < N; y++)
      for (let x = 0; x < N; x++, i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const blob = (x - 40) ** 2 + (y - 60) ** 2 + (z - 64) ** 2 < 900 || (x - 90) ** 2 + (y - 80) ** 2 + (z - 50) ** 2 < 400 ? 100 : 0;
        data[i] = 20 + blob + (seed / 2 ** 32 - 0.5) * 40;
      }
  return makeImage({ size: [N, N, N], spacing, data, componentType: 'float32' });
}

function time(label: string, fn: () => unknown): void {
  fn();
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} ${runs[1].toFixed(0).padStart(6)} ms`);
}

for (const spacing of [
  [1, 1, 1],
  [0.8, 0.8, 2]
]) {
  console.log(`128³ float32, spacing ${spacing.join(' × ')} mm`);
  const image = volume(spacing);
  const mask = otsuThreshold(image).mask;
  time('gaussianSmooth sigma 1 mm', () => gaussianSmooth(image, 1));
  time('gaussianSmooth sigma 2 mm', () => gaussianSmooth(image, 2));
  time('otsuThreshold (256 bins)', () => otsuThreshold(image));
  time('histogram (256 bins)', () => histogram(image, 256));
  time('windowLevel', () => windowLevel(image, 100, 50));
  time('binaryErode radius 2 mm', () => binaryErode(mask, 2));
  time('binaryDilate radius 2 mm', () => binaryDilate(mask, 2));
  time('binaryClose radius 3 mm', () => binaryClose(mask, 3));
  time('connectedComponents 26-connectivity', () => connectedComponents(mask, 26));
  time('largestComponent 6-connectivity', () => largestComponent(mask));
  const { labels } = connectedComponents(mask, 26);
  time('labelStatistics with intensity', () => labelStatistics(labels, image));
}
