// Bundles the kernel worker (kernel core, sucrase, acorn, itk-wasm's browser functions) into
// one ES module next to the compiled extension code, where rspack picks it up as an asset.
// Runs after `tsc -b` (it imports the built kernel) and before `jupyter-builder build`.
/* global URL, process */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

const result = await build({
  entryPoints: [here('../src/kernel/worker.ts')],
  outfile: here('../lib/kernel/kernel.worker.js'),
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
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stdout.write(`kernel worker bundled: ${(bytes / 1024).toFixed(0)} KiB\n`);
