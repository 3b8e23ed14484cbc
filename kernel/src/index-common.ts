import { courseNamespace, type ICourseHost } from './core/course.js';
import { itkNamespace, type IItkBackend } from './core/itk.js';
import { KernelCore } from './core/kernel.js';
import { mlNamespace } from './core/ml.js';
import * as toolkit from './toolkit/index.js';

export { KernelCore, type ExecuteOutcome, type IKernelOutput } from './core/kernel.js';
export { toMimeBundle, profile, type IMimeBundle, type IDisplayOptions, type IDisplayable } from './core/display.js';
export { VIEWER_MIME, type IViewerPayload } from './core/viewer-payload.js';
export { axisCodes, inLpsOrder } from './core/orientation.js';
export { itkNamespace, ItkError, IMAGE_EXTENSIONS, type IItkBackend, type IItkNamespace, type IBinaryFile, type Interpolator, type TransformName } from './core/itk.js';
export { withProgress, type IProgressEvent, type ProgressSink, type ProgressUpdate } from './core/progress.js';
export { courseNamespace, type ICourseHost, type ICourseNamespace, type IDatasetFile, type IVariantInfo, type RecordedAnswer } from './core/course.js';
export { mlNamespace, type IMlNamespace, type Tf } from './core/ml.js';
export { readTar, writeTar, type ITarEntry } from './core/tar.js';
export { encodePng, toBase64 } from './core/png.js';
export { inspect, isImage, describeImage } from './core/format.js';
export * as toolkit from './toolkit/index.js';

/** The names a cell starts with, besides `console`, `display` and `profile` (the completion tests list them). */
export const PROVIDED_NAMES = ['itk', 'course', 'ml', 'console', 'display', 'profile', 'scatter'] as const;

export interface IKernelOptions {
  itk: IItkBackend;
  course: ICourseHost;
}

/** A kernel with the itk and course namespaces; the entry points pass their environment's backends. */
export function createKernel(options: IKernelOptions): KernelCore {
  const core: KernelCore = new KernelCore();
  const itk = itkNamespace(
    options.itk,
    (pkg, phase, ms) => {
    // Shown in the cell, so the learner knows why the first call takes seconds.
      if (phase === 'start') core.print('stdout', `[itk-wasm] loading ${pkg} (first use)…\n`);
      else core.print('stdout', `[itk-wasm] ${pkg} ready, first call took ${(ms / 1000).toFixed(1)} s\n`);
    },
    core.progress
  );
  // One namespace for learners: itk-wasm's pipelines plus the toolkit that fills their gaps
  // (smoothing, Otsu, morphology, components, label statistics).
  Object.assign(core.scope, { itk: { ...toolkit, ...itk }, course: courseNamespace(options.course, itk, (line) => core.print('stdout', `${line}\n`), core.progress, () => core.scope), ml: mlNamespace() });
  return core;
}
