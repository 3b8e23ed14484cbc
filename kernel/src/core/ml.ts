import type * as TfCore from '@tensorflow/tfjs-core';
import { mulberry32 } from './random.js';

/** TensorFlow.js core (tensors, linear algebra, seeded random ops) on its pure-JS CPU backend. */
export type Tf = typeof TfCore;

/** What a notebook gets as `ml`. */
export interface IMlNamespace {
  /**
   * TensorFlow.js core with the CPU backend, loaded on first call. Dynamic imports keep its
   * ~400 KB out of the extension's startup scripts and out of the kernel worker's first cell:
   * only a lesson that trains something pays for it.
   */
  tf(): Promise<Tf>;
  /**
   * A seeded uniform generator in [0, 1) (mulberry32): the same seed draws the same training
   * voxels in the browser and on the Node kernel that computes the keys.
   */
  random(seed: number): () => number;
}

let loading: Promise<Tf> | undefined;

async function loadTf(): Promise<Tf> {
  const mod = (await import('@tensorflow/tfjs-core')) as Tf & { default?: Tf };
  // Node loads the package's CommonJS build, whose exports may arrive under `default`.
  const tf: Tf = typeof mod.setBackend === 'function' ? mod : (mod.default as Tf);
  await import('@tensorflow/tfjs-backend-cpu');
  // The CPU backend: plain float32 JavaScript, so the browser worker and Node compute the same
  // numbers (WebGL would differ by GPU and is not in the worker anyway).
  if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js: the CPU backend did not start');
  tf.enableProdMode();
  return tf;
}

export function mlNamespace(): IMlNamespace {
  return {
    tf: () => {
      loading ??= loadTf().catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      return loading;
    },
    random: (seed: number) => {
      if (!Number.isFinite(seed)) throw new Error(`ml.random: the seed must be a number, got ${String(seed)}`);
      return mulberry32(Math.trunc(seed));
    }
  };
}
