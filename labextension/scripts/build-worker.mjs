// Bundles the kernel worker (kernel core, sucrase, acorn, itk-wasm's browser functions) into
// one ES module next to the compiled extension code, where rspack picks it up as an asset.
// What the kernel loads with import() (TensorFlow.js for the ML lesson) is split into chunks in
// lib/kernel/kernel-chunks/, which webpack.config.js copies next to the worker: a cell that never
// trains a model never downloads or parses them.
// Runs after `tsc -b` (it imports the built kernel) and before `jupyter-builder build`.
/* global URL, process */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// Chunk names carry a content hash: old ones would pile up and be copied too.
await rm(here('../lib/kernel/kernel-chunks'), { recursive: true, force: true });

const result = await build({
  entryPoints: { 'kernel.worker': here('../src/kernel/worker.ts') },
  outdir: here('../lib/kernel'),
  chunkNames: 'kernel-chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  legalComments: 'external',
  metafile: true,
  logLevel: 'warning',
  // itk-wasm loads pipeline modules with `import(url)` at run time: those stay dynamic imports.
  logOverride: { 'unsupported-dynamic-import': 'silent' }
});
const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.js'));
const kib = (entries) => (entries.reduce((n, [, o]) => n + o.bytes, 0) / 1024).toFixed(0);
const chunks = outputs.filter(([path]) => path.includes('kernel-chunks/'));
process.stdout.write(`kernel worker bundled: ${kib(outputs.filter((o) => !chunks.includes(o)))} KiB, lazy chunks ${kib(chunks)} KiB\n`);
