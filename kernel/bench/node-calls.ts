import { itkNamespace } from '../src/core/itk.js';
import { nodeItkBackend } from '../src/index-node.js';
import type { ICallTimes } from './volumes.js';

async function time<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await run();
  return [performance.now() - started, value];
}

/** The same calls the browser cell makes, through the kernel's Node backend, in this process. */
export async function nodeCallTimes(fixedBytes: Uint8Array, movingBytes: Uint8Array): Promise<ICallTimes> {
  const itk = itkNamespace(nodeItkBackend);
  const fixedFile = { path: 'bench-fixed.nii', data: fixedBytes };
  const [readFirstMs, fixed] = await time(() => itk.readImage(fixedFile));
  const [readWarmMs] = await time(() => itk.readImage(fixedFile));
  const moving = await itk.readImage({ path: 'bench-moving.nii', data: movingBytes });
  const [downsampleFirstMs] = await time(() => itk.downsample(fixed, 2));
  const [downsampleWarmMs] = await time(() => itk.downsample(fixed, 2));
  const [elastixFirstMs, reg] = await time(() => itk.register(fixed, moving, 'translation'));
  const [elastixWarmMs] = await time(() => itk.register(fixed, moving, 'translation'));
  return { readFirstMs, readWarmMs, downsampleFirstMs, downsampleWarmMs, elastixFirstMs, elastixWarmMs, translation: translationOf(reg.transformParameters) };
}

export function translationOf(parameters: unknown): number[] {
  const first = Array.isArray(parameters) ? (parameters[0] as Record<string, string[]> | undefined) : undefined;
  return (first?.['TransformParameters'] ?? []).map(Number);
}
