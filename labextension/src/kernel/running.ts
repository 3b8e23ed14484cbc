/**
 * What JupyterLab's start needs to know about the ITK kernel, without its code: the kernel
 * class, comlink and the worker client load with `import()` when a notebook starts the kernel.
 */
export const KERNEL_NAME = 'voxel-itk';
export const KERNEL_DISPLAY_NAME = 'ITK (TypeScript, in-browser)';

import type { IEarlyStartKernel } from './early-start';

/**
 * What the plugins use of a running ITK kernel. Declared here rather than importing the kernel's
 * type: itk-kernel.ts imports this module, and the two must not form an import cycle.
 */
export interface IRunningItkKernel extends IEarlyStartKernel {
  readonly id: string;
  interrupt(): void;
  answerFile(itemId: string): Promise<Uint8Array>;
}

/** Running kernels by id, so the kernel client can reach the one being interrupted. */
const running = new Map<string, IRunningItkKernel>();

export function runningItkKernel(id: string): IRunningItkKernel | undefined {
  return running.get(id);
}

export function kernelStarted(kernel: IRunningItkKernel): void {
  running.set(kernel.id, kernel);
}

export function kernelStopped(kernel: IRunningItkKernel): void {
  running.delete(kernel.id);
}
