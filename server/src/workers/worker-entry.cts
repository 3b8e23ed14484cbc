/**
 * The file every pool hands piscina, in CommonJS on purpose. piscina loads a worker's file with
 * require() first, and on Node 20.19+ require() of an ES module loads it synchronously: a worker
 * terminated during that load (a pool closing, a start limit) then aborts the whole process with
 * a V8 fatal error ("IsGraphAsync must be used on an instantiated module"), not just the worker.
 * Loading the real module with import() instead makes such a termination end the worker alone.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose (above); under verbatimModuleSyntax this is its import
import worker_threads = require('node:worker_threads');

type Handler = (task: unknown) => unknown;

/** Where TaskPool puts the real worker module's URL in workerData (TaskPool writes the same key). */
const MODULE_KEY = 'voxelWorkerModule';

let handler: Promise<Handler> | undefined;

function run(task: unknown): Promise<unknown> {
  handler ??= import((worker_threads.workerData as Record<string, string>)[MODULE_KEY]).then((module: { default: Handler }) => module.default);
  return handler.then((handle) => handle(task));
}

export = run;
