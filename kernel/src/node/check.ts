import { join, relative, resolve } from 'node:path';
import { courseOfNotebookFile, declaredDatasets } from './datasets.js';
import { notebooksUnder, runNotebook } from './notebook.js';

/**
 * `npm run notebooks:check [folder]`: runs every notebook under the folder (default
 * `notebooks/`) headlessly on the same kernel core the browser uses, and fails on the first
 * error with the notebook, the cell and the message.
 */
async function main(): Promise<number> {
  const dir = resolve(process.argv[2] ?? 'notebooks');
  // The course server's variables and defaults, so both read the same teaching data.
  const contentDir = resolve(process.env.ACADEMY_CONTENT_DIR ?? '.');
  const datasetsDir = resolve(process.env.ACADEMY_DATASETS_DIR ?? join('.cache', 'datasets'));
  const notebooks = notebooksUnder(dir);
  for (const path of notebooks) {
    const shown = relative(process.cwd(), path);
    const started = Date.now();
    // A notebook loads its own course's datasets (courses may declare the same id).
    const declared = declaredDatasets(contentDir, datasetsDir, courseOfNotebookFile(relative(contentDir, path), undefined));
    const run = await runNotebook(path, { datasetsDir, declared });
    if (run.failure) {
      const f = run.failure;
      process.stderr.write(`✗ ${shown}, cell ${f.cell}: ${f.ename}: ${f.evalue}\n${f.traceback.slice(1).join('\n')}\n`);
      return 1;
    }
    process.stdout.write(`✓ ${shown}: ${run.codeCells} code cells in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`notebooks:check: ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} ran without errors\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`notebooks:check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
);
