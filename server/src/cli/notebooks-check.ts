#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notebooksUnder } from '@voxel-academy/kernel/notebook';
import { datasetPath } from '../content/datasets.js';
import { loadContent, type ICourseContent, type ILoadedAssessment } from '../content/load-content.js';
import { ContentError } from '../content/problems.js';
import { eachLesson } from '../content/check-course.js';
import { createLogger } from '../log.js';
import { variantAt } from '../services/variants.js';
import { learnerView, VariantMaterials } from '../variants/materials.js';
import { PooledVariantWork } from '../workers/variant-work.js';

/**
 * `npm run notebooks:check [folder]`: runs every notebook under the folder (default
 * `notebooks/`) headlessly on the Node kernel and stops at the first error with the notebook,
 * the cell and the message. A lesson notebook or reference solution whose assessment has
 * variants runs on a learner's variant (drawn from a throwaway secret), as a learner's would:
 * its datasets derived from the real data and `course.variant()` answering.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const contentDir = resolve(process.env['ACADEMY_CONTENT_DIR'] ?? repoRoot);
const datasetsDir = resolve(process.env['ACADEMY_DATASETS_DIR'] ?? join(contentDir, '.cache', 'datasets'));

/** The course and assessment a lesson notebook or reference solution belongs to, if any. */
function lessonOf(path: string, courses: Map<string, ICourseContent>): { course: ICourseContent; assessment: ILoadedAssessment | null; lesson: string } | null {
  const lesson = basename(path, '.ipynb');
  const course = courses.get(basename(dirname(path))) ?? courses.get(basename(dirname(dirname(path))));
  if (!course) return null;
  const entry = [...eachLesson(course.summary)].find((l) => l.lesson.id === lesson);
  if (!entry) return null;
  const id = entry.lesson.assessment;
  return { course, lesson, assessment: id === undefined ? null : (course.assessments.get(id) ?? null) };
}

async function main(): Promise<number> {
  const dir = resolve(process.argv[2] ?? join(contentDir, 'notebooks'));
  const content = await loadContent(contentDir, { datasetsDir });
  const scratch = mkdtempSync(join(tmpdir(), 'voxel-notebooks-check-'));
  const secret = randomBytes(32);
  const work = new PooledVariantWork({ deriveWorkers: 1, notebookWorkers: 1, maxDecodedBytes: 512 * 1024 * 1024 });
  const materials = new VariantMaterials({ root: scratch, secret, work, datasetsDir, log: createLogger('error', () => undefined), now: Date.now });
  try {
    const notebooks = notebooksUnder(dir);
    for (const path of notebooks) {
      const shown = relative(process.cwd(), path);
      const started = Date.now();
      const owner = lessonOf(path, content.courses);
      const a = owner?.assessment ?? null;
      const variant = a?.variant ? variantAt(secret, a, 0) : null;
      // Every declared dataset, and the variant's own copies for a lesson with variants.
      const datasets: Record<string, string> = {};
      for (const [courseId, course] of content.courses) for (const [id, entry] of course.datasets) datasets[id] ??= datasetPath(datasetsDir, courseId, entry);
      if (owner && a) Object.assign(datasets, await materials.notebookDatasets(owner.course, a, variant));
      const run = await work.runNotebook({ notebook: path, datasets, variant: a ? learnerView(a, variant) : null, images: {}, lesson: owner?.lesson ?? '' });
      if (run.failure) {
        const f = run.failure;
        process.stderr.write(`✗ ${shown}, cell ${f.cell}: ${f.ename}: ${f.evalue}\n`);
        return 1;
      }
      const on = variant ? ` (on variant ${variant.tag})` : '';
      process.stdout.write(`✓ ${shown}${on}: ran in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
    process.stdout.write(`notebooks:check: ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} ran without errors\n`);
    return 0;
  } finally {
    await work.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(err instanceof ContentError ? `${err.message}\n` : `notebooks:check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
);
