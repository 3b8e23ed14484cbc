import type { ItkKernel } from './itk-kernel';

/**
 * What JupyterLab's start needs to know about the ITK kernel, without its code: the kernel
 * class, comlink and the worker client load with `import()` when a notebook starts the kernel.
 */
export const KERNEL_NAME = 'voxel-itk';
export const KERNEL_DISPLAY_NAME = 'ITK (TypeScript, in-browser)';

/** Running kernels by id, so the kernel client can reach the one being interrupted. */
const running = new Map<string, ItkKernel>();

export function runningItkKernel(id: string): ItkKernel | undefined {
  return running.get(id);
}

export function kernelStarted(kernel: ItkKernel): void {
  running.set(kernel.id, kernel);
}

export function kernelStopped(kernel: ItkKernel): void {
  running.delete(kernel.id);
}
