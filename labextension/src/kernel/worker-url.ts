/**
 * The worker bundle (built by scripts/build-worker.mjs next to this file in lib/). rspack emits
 * it as an asset with a content hash (rule in webpack.config.js) and this expression becomes its
 * URL; the pipelines are copied next to it, under `itk-pipelines/`.
 */
export function workerUrl(): URL {
  return new URL('./kernel.worker.js', import.meta.url);
}

export function pipelinesUrl(worker: URL): string {
  return new URL('itk-pipelines/', worker).href;
}
