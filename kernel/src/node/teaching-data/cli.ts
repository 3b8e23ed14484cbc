#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeImageIo } from './io.js';
import { ensureAllCourses } from './run.js';

/**
 * The setup step that fetches and converts the teaching data (scripts/setup.mjs runs it after
 * the kernel is built):
 *   node kernel/dist/node/teaching-data/cli.js [--force] [--root DIR] [--datasets DIR] [--cache DIR] [--archives DIR]…
 * Every course under curriculum/ with a datasets.yaml gets its declared datasets.
 * Defaults: the repository this file is built in, ACADEMY_DATASETS_DIR or `.cache/datasets`,
 * `.cache/teaching-data`. Exits 0 when every file is present (real or phantom); the provenance
 * file says which are phantoms.
 */

function argValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1] as string] : []));
}

async function main(args: string[]): Promise<void> {
  const root = resolve(argValues(args, '--root')[0] ?? fileURLToPath(new URL('../../../../', import.meta.url)));
  const datasetsDir = resolve(root, argValues(args, '--datasets')[0] ?? process.env.ACADEMY_DATASETS_DIR ?? '.cache/datasets');
  const cacheDir = resolve(root, argValues(args, '--cache')[0] ?? '.cache/teaching-data');
  const archiveDirs = [...argValues(args, '--archives'), ...(process.env.VOXEL_TEACHING_ARCHIVES ?? '').split(':').filter(Boolean)].filter((d) => existsSync(d));
  const started = Date.now();
  const log = (line: string): void => void process.stdout.write(`[teaching-data] ${line}\n`);
  const results = await ensureAllCourses({ root, datasetsDir, cacheDir, archiveDirs, io: nodeImageIo, log, force: args.includes('--force') });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const [course, { provenance, written }] of results) {
    const entries = Object.entries(provenance.datasets);
    const phantoms = entries.filter(([, d]) => d.origin === 'phantom').map(([id]) => id);
    if (!written.length) log(`${course}: ${entries.length} datasets up to date`);
    else log(`${course}: ${written.length} of ${entries.length} datasets written`);
    if (phantoms.length) log(`${course}: generated phantoms stand in for: ${phantoms.join(', ')} (see ${datasetsDir}/${course}/provenance.json)`);
  }
  log(`done in ${seconds} s`);
}

main(process.argv.slice(2)).then(
  // itk-wasm's Node pipelines can keep the event loop alive after the last call.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[teaching-data] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  }
);
