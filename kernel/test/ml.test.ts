import { describe, expect, it } from 'vitest';
import { createKernel, mlNamespace, PROVIDED_NAMES, type IItkBackend } from '../src/index-common.js';

const unused = (): never => {
  throw new Error('not used here');
};
const itk: IItkBackend = {
  readImage: unused,
  writeImage: unused,
  readDicomSeries: unused,
  readDicomTags: unused,
  downsample: unused,
  defaultParameterMap: unused,
  elastix: unused,
  transformix: unused,
  resampleToReference: unused,
  compareImages: unused
};

describe('ml namespace', () => {
  it('is a provided name that completes to tf and random', () => {
    const kernel = createKernel({ itk, course: { dataset: unused, file: unused } });
    expect(PROVIDED_NAMES).toContain('ml');
    expect(kernel.complete('m', 1).matches).toContain('ml');
    expect(kernel.complete('ml.', 3).matches).toEqual(['random', 'tf']);
  });

  it('draws the same numbers from the same seed, in [0, 1), and refuses a seed that is not a number', () => {
    const a = mlNamespace().random(42);
    const b = mlNamespace().random(42);
    const drawn = Array.from({ length: 1000 }, () => a());
    expect(drawn).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...drawn)).toBeLessThan(1);
    expect(drawn).not.toEqual(Array.from({ length: 1000 }, mlNamespace().random(43)));
    expect(() => mlNamespace().random(Number.NaN)).toThrow(/seed must be a number/);
  });

  it('loads TensorFlow.js once, on the CPU backend, and computes a logistic-regression gradient step', async () => {
    const ml = mlNamespace();
    const tf = await ml.tf();
    expect(await ml.tf()).toBe(tf);
    expect(tf.getBackend()).toBe('cpu');
    // One step from w = 0: p = 0.5 everywhere, so the gradient is Xᵀ(0.5 − y) / N.
    const xs = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const ys = tf.tensor2d([1, 0], [2, 1]);
    const error = tf.sub(tf.sigmoid(tf.matMul(xs, tf.zeros([2, 1]))), ys);
    // Functional ops only: the chained form (a.div(2)) needs a registry Node cannot load as published.
    const gradient = Array.from(tf.div(tf.matMul(xs, error, true), 2).dataSync());
    expect(gradient).toEqual([0.5, 0.5]);
  });
});
