import { describe, expect, it } from 'vitest';
import { blob } from '../bench/volumes.js';
import { itkNamespace } from '../src/core/itk.js';
import { nodeItkBackend } from '../src/index-node.js';

describe('itk namespace on the Node backend', () => {
  const itk = itkNamespace(nodeItkBackend);

  it('registers a shifted volume, applies the transform and resamples onto a reference grid', async () => {
    const fixed = blob(32);
    const moving = blob(32, [2, -1, 1]);
    const reg = await itk.register(fixed, moving, 'translation');
    const found = ((reg.transformParameters as Record<string, string[]>[])[0]?.['TransformParameters'] ?? []).map(Number);
    expect(found[0]).toBeCloseTo(2, 0);
    expect(found[1]).toBeCloseTo(-1, 0);
    expect(found[2]).toBeCloseTo(1, 0);
    const moved = await itk.applyTransform(moving, reg);
    expect(moved.size).toEqual([32, 32, 32]);
    const coarse = await itk.downsample(fixed, 2);
    const back = await itk.resampleLike(coarse, fixed, 'linear');
    expect(back.size).toEqual(fixed.size);
    expect(back.spacing).toEqual(fixed.spacing);
  }, 60_000);

  it('resamples a label mask onto a grid of another pixel type, keeping its labels', async () => {
    const grid = blob(16); // float32 reference
    const mask = { ...grid, imageType: { ...grid.imageType, componentType: 'uint8' as const }, data: Uint8Array.from(grid.data as Float32Array, (v) => (v > 50 ? 1 : 0)) };
    const coarse = await itk.downsample(grid, 2);
    const onCoarse = await itk.resampleLike(mask, coarse, 'label');
    expect(onCoarse.size).toEqual(coarse.size);
    expect(onCoarse.imageType.componentType).toBe('uint8');
    expect(new Set(onCoarse.data as Uint8Array)).toEqual(new Set([0, 1]));
  }, 30_000);

  it('compares images, and explains a damaged file', async () => {
    const a = blob(16);
    const result = await itk.compareImages(a, a);
    expect(result.metrics['numberOfPixelsWithDifferences']).toBe(0);
    await expect(itk.readImage(new Uint8Array([0, 1, 2, 3]), 'broken.nrrd')).rejects.toThrow(/not an image in a format this kernel reads, or it is damaged/);
  }, 30_000);
});
