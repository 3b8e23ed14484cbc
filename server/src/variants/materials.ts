import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isImageKind, type VariantInfo, type VariantValue } from '@voxel-academy/protocol';
import { datasetPath } from '../content/datasets.js';
import type { ICourseContent, ILoadedAssessment } from '../content/load-content.js';
import { referenceNotebook, solutionNotebook } from '../content/references.js';
import type { ILogger } from '../log.js';
import type { IVariantWork } from '../workers/variant-work.js';
import { publicParameters, variantSeed } from './draw.js';
import { hiddenReferenceOf, needsSolution, solutionImageOf } from './resolve.js';

/** One learner's variant of an assessment (all parameters: server side only). */
export interface ILearnerVariant {
  index: number;
  tag: string;
  /** The attempt it belongs to under the per-attempt policy, else null. */
  attempt: number | null;
  parameters: Record<string, VariantValue>;
}

export interface IMaterialFile {
  path: string;
  /** Strong validator for the file's bytes (its sha256), quoted as HTTP wants it. */
  etag: string;
}

/**
 * Everything made per variant, on disk under `<data>/variants/<course>/<assessment>/<fingerprint>/<index>/`:
 * the learner's datasets, the reference solution's answers (`keys.json`) and hidden reference
 * images. The fingerprint covers the variant spec, the real data, the notebooks and the secret,
 * so a change to any of them makes fresh files instead of serving stale ones. Each file is made
 * once (concurrent requests share the work) in a worker thread, and then only read.
 */
export class VariantMaterials {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly fingerprints = new WeakMap<ILoadedAssessment, string>();
  private readonly failed = new Map<string, { at: number; error: Error }>();

  constructor(
    private readonly o: { root: string; secret: Buffer; work: IVariantWork; datasetsDir: string; log: ILogger; now: () => number }
  ) {}

  /** The learner's derived copy of `datasetId` (which the assessment's variant declares). */
  dataset(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant, datasetId: string): Promise<IMaterialFile> {
    const derivation = a.variant?.datasets[datasetId];
    if (!derivation) return Promise.reject(new Error(`assessment "${a.id}" has no variant of dataset "${datasetId}"`));
    const entry = course.datasets.get(derivation.from);
    if (!entry) return Promise.reject(new Error(`dataset "${derivation.from}" is not declared`));
    const path = join(this.dir(course, a, v), `${datasetId}.nii.gz`);
    // The checksum, written after the image, marks the pair as complete.
    return this.once(`${path}.sha256`, async () => {
      const made = await this.o.work.derive({
        input: datasetPath(this.o.datasetsDir, a.courseId, entry),
        output: path,
        steps: derivation.steps,
        bindings: v.parameters,
        seed: variantSeed(this.o.secret, { course: a.courseId, assessment: a.id }, v.index, datasetId)
      });
      await writeAtomically(`${path}.sha256`, made.sha256);
    }).then(() => ({ path, etag: `"${readFileSync(`${path}.sha256`, 'utf8').slice(0, 32)}"` }));
  }

  /** What the reference solution records on this variant (null: the base data), by item id. */
  async solutionAnswers(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null): Promise<Record<string, unknown>> {
    const dir = this.dir(course, a, v);
    const file = join(dir, 'keys.json');
    await this.once(file, async () => {
      // The images the solution records are kept next to the keys: references for the items
      // graded against them, and the curriculum check grades the others.
      const images = Object.fromEntries(a.items.filter((i) => isImageKind(i.kind)).map((i) => [i.id, join(dir, `solution-${i.id}.nii.gz`)]));
      const run = await this.run(course, a, v, solutionNotebook(a.dir, a.lesson), images);
      const missing = a.items.filter(solutionImageOf).map((i) => i.id).filter((id) => !run.images.includes(id));
      if (missing.length > 0) throw new Error(`${solutionNotebook(a.dir, a.lesson)} recorded no image for ${missing.join(', ')}`);
      await writeAtomically(file, JSON.stringify({ answers: run.answers, ms: Math.round(run.ms) }));
    });
    return (JSON.parse(await readFile(file, 'utf8')) as { answers: Record<string, unknown> }).answers;
  }

  /** The image the reference solution records for an image item on this variant. */
  async solutionImage(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null, itemId: string): Promise<string> {
    await this.solutionAnswers(course, a, v);
    return join(this.dir(course, a, v), `solution-${itemId}.nii.gz`);
  }

  /** The image the hidden reference's notebook makes on this variant. */
  async reference(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null, hidden: string): Promise<string> {
    const file = join(this.dir(course, a, v), `reference-${hidden}.nii.gz`);
    await this.once(file, async () => {
      const run = await this.run(course, a, v, referenceNotebook(a.dir, hidden), { reference: file });
      if (!run.images.includes('reference')) throw new Error(`${referenceNotebook(a.dir, hidden)} recorded no image as course.answer('reference', image)`);
    });
    return file;
  }

  /** Starts what grading this variant will need, so the learner's submit finds it ready. */
  warm(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null): void {
    const quiet = (p: Promise<unknown>): void => void p.catch(() => undefined);
    if (a.items.some(needsSolution)) quiet(this.solutionAnswers(course, a, v));
    for (const item of a.items) {
      const hidden = hiddenReferenceOf(item);
      if (hidden) quiet(this.reference(course, a, v, hidden));
    }
  }

  /** The variant's folder; `base` for assessments without variants. */
  dir(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null): string {
    return join(this.o.root, a.courseId, a.id, this.fingerprint(course, a), v ? String(v.index) : 'base');
  }

  /** Dataset id → file for a notebook run on this variant: the shared files, and the variant's own. */
  async notebookDatasets(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null): Promise<Record<string, string>> {
    const datasets: Record<string, string> = {};
    for (const [id, entry] of course.datasets) datasets[id] = datasetPath(this.o.datasetsDir, a.courseId, entry);
    if (v) for (const id of Object.keys(a.variant?.datasets ?? {})) datasets[id] = (await this.dataset(course, a, v, id)).path;
    return datasets;
  }

  private async run(course: ICourseContent, a: ILoadedAssessment, v: ILearnerVariant | null, notebook: string, images: Record<string, string>) {
    const datasets = await this.notebookDatasets(course, a, v);
    const run = await this.o.work.runNotebook({ notebook, datasets, variant: learnerView(a, v), images, lesson: a.lesson });
    if (run.failure) throw new Error(`${notebook} failed on ${v ? `variant ${v.tag}` : 'the base data'} in cell ${run.failure.cell}: ${run.failure.ename}: ${run.failure.evalue}`);
    this.o.log.info('variant notebook run', { notebook, variant: v?.tag ?? 'base', ms: Math.round(run.ms) });
    return run;
  }

  /**
   * Makes `path` once: concurrent callers share one job; a finished file is never remade. A
   * failure is remembered for a minute so a broken notebook is not rerun on every request.
   */
  private once(path: string, make: () => Promise<void>): Promise<void> {
    if (existsSync(path)) return Promise.resolve();
    const failed = this.failed.get(path);
    if (failed && this.o.now() - failed.at < 60_000) return Promise.reject(failed.error);
    let job = this.inflight.get(path) as Promise<void> | undefined;
    if (!job) {
      job = (async () => {
        await mkdir(join(path, '..'), { recursive: true });
        await make();
      })()
        .catch((err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          this.failed.set(path, { at: this.o.now(), error });
          this.o.log.error('variant material failed', { path, error: error.message });
          throw error;
        })
        .finally(() => this.inflight.delete(path));
      this.inflight.set(path, job);
    }
    return job;
  }

  private fingerprint(course: ICourseContent, a: ILoadedAssessment): string {
    let found = this.fingerprints.get(a);
    if (found) return found;
    const h = createHash('sha256');
    // The secret changes every parameter: its own digest (never the secret) goes in.
    h.update(createHmac('sha256', this.o.secret).update('materials').digest());
    h.update(JSON.stringify(a.variant ?? null));
    for (const [id, entry] of [...course.datasets].sort(([x], [y]) => x.localeCompare(y))) {
      const file = datasetPath(this.o.datasetsDir, a.courseId, entry);
      h.update(`${id}:${entry.sha256 ?? (existsSync(file) ? `${statSync(file).size}:${statSync(file).mtimeMs}` : 'absent')}\n`);
    }
    const notebooks = [solutionNotebook(a.dir, a.lesson), ...a.items.flatMap((i) => hiddenReferenceOf(i) ?? []).map((id) => referenceNotebook(a.dir, id))];
    for (const nb of notebooks) if (existsSync(nb)) h.update(readFileSync(nb));
    found = h.digest('hex').slice(0, 16);
    this.fingerprints.set(a, found);
    return found;
  }
}

/** What a notebook run on the variant may know about it: what the learner knows (public parameters). */
export function learnerView(a: ILoadedAssessment, v: ILearnerVariant | null): VariantInfo | null {
  if (!v || !a.variant) return null;
  return { tag: v.tag, policy: a.variant.policy, attempt: v.attempt, parameters: publicParameters(a.variant, v.parameters), datasets: Object.keys(a.variant.datasets) };
}

/** Readers never see a half-written file: write a temp file, then rename it into place. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.part`;
  await writeFile(temp, text);
  await rename(temp, path);
}
