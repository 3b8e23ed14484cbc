// The kernel's dedicated module worker, bundled on its own (scripts/build-worker.mjs) so the
// kernel core, sucrase and itk-wasm never enter JupyterLab's startup chunk. Its API is served
// over comlink, as jupyterlite's kernels do: a throw in any call reaches the caller.
import { expose } from 'comlink';
import { browserItkBackend, createKernel, describeImage, type IItkNamespace } from '@voxel-academy/kernel';
import { createWorkerApi } from './worker-api';

expose(
  createWorkerApi({
    createKernel: (pipelinesUrl, course) => createKernel({ itk: browserItkBackend(pipelinesUrl), course }),
    describeImage,
    writeImage: (kernel, image, fileName) => (kernel.scope['itk'] as IItkNamespace).writeImage(image, fileName)
  })
);
