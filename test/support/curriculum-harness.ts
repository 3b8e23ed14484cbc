import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnswerValue, isImageKind } from '@voxel-academy/protocol';
import { FROM_SOLUTION, isImageItem, type ContentItem } from '../../server/src/assessments/content-schema.js';
import { readNifti } from '../../server/src/imaging/nifti.js';
import { eachLesson } from '../../server/src/content/check-course.js';
import { loadContent, type ICourseContent, type ILoadedAssessment } from '../../server/src/content/load-content.js';
import { createLogger } from '../../server/src/log.js';
import { gradeAnswers } from '../../server/src/services/grade-answers.js';
import { isVariantItem, resolvedItems, variantAt } from '../../server/src/services/variants.js';
import type { IGradeOutcome } from '../../server/src/grading/types.js';
import { learnerView, VariantMaterials, type ILearnerVariant } from '../../server/src/variants/materials.js';
import { PooledImageWork } from '../../server/src/workers/image-work.js';
import { PooledVariantWork } from '../../server/src/workers/variant-work.js';
import type { INotebookResult } from '../../server/src/workers/variant-worker.js';

/**
 * The curriculum harness: runs a lesson's learner notebook and its reference solution on the
 * Node kernel against learners' variants, and grades what they record — all through the course
 * server's own code (variant derivation, keys from the solution, hidden references, graders,
 * worker pools), so "the solution scores 100 %" means what a learner would see.
 */

/** A fixed secret: the check samples the same variants on every run, so failures reproduce. */
export const HARNESS_SECRET = Buffer.from('c0ffee'.repeat(10) + 'feed', 'hex');

export interface ILessonCase {
  course: string;
  lesson: string;
  title: string;
  /** notebooks/<course>/<lesson>.ipynb */
  notebook: string;
  assessment: ILoadedAssessment;
  content: ICourseContent;
}

/** Every lesson marked available that has an assessment, loaded by the server's content loader. */
export async function lessonsToCheck(contentDir: string, datasetsDir: string): Promise<ILessonCase[]> {
  const content = await loadContent(contentDir, { datasetsDir });
  const cases: ILessonCase[] = [];
  for (const [course, loaded] of content.courses) {
    for (const { lesson } of eachLesson(loaded.summary)) {
      if (lesson.status !== 'available' || lesson.assessment === undefined) continue;
      const assessment = loaded.assessments.get(lesson.assessment);
      if (!assessment) throw new Error(`${course}/${lesson.id}: no assessment "${lesson.assessment}"`);
      cases.push({ course, lesson: lesson.id, title: lesson.title, notebook: join(contentDir, 'notebooks', course, `${lesson.id}.ipynb`), assessment, content: loaded });
    }
  }
  return cases;
}

export interface IItemGrade {
  itemId: string;
  kind: ContentItem['kind'];
  weight: number;
  answered: boolean;
  /** True when the key depends on the variant (the item a copying neighbour must fail). */
  varies: boolean;
  outcome: IGradeOutcome;
}

export interface IGraded {
  items: IItemGrade[];
  /** Σ credit × weight / Σ weight, as the server scores a submission on time. */
  score: number;
  passed: boolean;
  unanswered: string[];
}

/** What a learner hands in: answers by item id, and image answers as files. */
export interface ISubmissionLike {
  answers: Record<string, AnswerValue | undefined>;
  files: Map<string, string | null>;
  /** The variant the notebook says the answers were computed on. */
  stated?: string | null;
}

/** Runs notebooks and grades them; `close()` stops the worker threads and removes the scratch folder. */
export class CurriculumHarness {
  private readonly work: PooledVariantWork;
  private readonly images: PooledImageWork;
  private scratch: Promise<string>;
  private materialsOf: Promise<VariantMaterials>;

  constructor(private readonly datasetsDir: string, notebookWorkers = 2) {
    // The server's default caps: an answer the server would refuse fails here too.
    this.images = new PooledImageWork({ gradingThreads: 1, maxQueue: 32, taskTimeoutMs: 120_000, maxCompressedBytes: 64 * 1024 * 1024, maxDecodedBytes: 512 * 1024 * 1024 });
    // Every sampled variant's datasets are asked for at once, behind one derivation thread: on a
    // slow machine the last waits minutes (CI once gave up on one after the server's 30 s).
    this.work = new PooledVariantWork({ deriveWorkers: 1, notebookWorkers, maxDecodedBytes: 512 * 1024 * 1024, deriveMaxWaitMs: 20 * 60_000 });
    this.scratch = mkdtemp(join(tmpdir(), 'voxel-harness-'));
    this.materialsOf = this.scratch.then(
      (root) => new VariantMaterials({ root, secret: HARNESS_SECRET, work: this.work, datasetsDir, log: createLogger('error', () => undefined), now: Date.now })
    );
  }

  /** The server's variant materials (derived datasets, keys, references) this harness uses. */
  materials(): Promise<VariantMaterials> {
    return this.materialsOf;
  }

  /** `count` distinct variants of the lesson's pool (the first of a fixed order), or the base data. */
  variants(lesson: ILessonCase, count: number): Array<ILearnerVariant | null> {
    const spec = lesson.assessment.variant;
    if (!spec) return [null];
    const n = Math.min(count, spec.pool);
    // Spread over the pool rather than 0, 1, 2…: the draws must not depend on the order. The step
    // is coprime with the pool, so asking for the whole pool gives every variant once.
    const step = [7, 5, 11, 13, 17, 19, 23, 29, 31].find((k) => gcd(k, spec.pool) === 1) ?? 1;
    return Array.from({ length: n }, (_, i) => variantAt(HARNESS_SECRET, lesson.assessment, (i * step) % spec.pool));
  }

  /** The learner notebook as shipped, run unchanged on a variant: what it prints and records. */
  async runShipped(lesson: ILessonCase, v: ILearnerVariant | null): Promise<INotebookResult> {
    const materials = await this.materialsOf;
    const datasets = await materials.notebookDatasets(lesson.content, lesson.assessment, v);
    const images = Object.fromEntries(
      lesson.assessment.items.filter((i) => isImageKind(i.kind)).map((i) => [i.id, join(materials.dir(lesson.content, lesson.assessment, v), `shipped-${i.id}.nii.gz`)])
    );
    return this.work.runNotebook({ notebook: lesson.notebook, datasets, variant: learnerView(lesson.assessment, v), images, lesson: lesson.lesson, outputs: true });
  }

  /** The reference solution's answers on a variant, as a submission (runs it once per variant). */
  async solution(lesson: ILessonCase, v: ILearnerVariant | null): Promise<ISubmissionLike> {
    const materials = await this.materialsOf;
    const recorded = await materials.solutionAnswers(lesson.content, lesson.assessment, v);
    const answers: Record<string, AnswerValue | undefined> = {};
    const files = new Map<string, string | null>();
    for (const item of lesson.assessment.items) {
      if (isImageKind(item.kind)) {
        files.set(item.id, await materials.solutionImage(lesson.content, lesson.assessment, v, item.id));
        answers[item.id] = { type: 'image', uploadId: `solution-${item.id}` };
      } else {
        const parsed = AnswerValue.safeParse(recorded[item.id]);
        answers[item.id] = parsed.success ? parsed.data : undefined;
      }
    }
    return { answers, files, stated: v?.tag ?? null };
  }

  /** Grades a submission on a variant with the server's grading code. */
  async grade(lesson: ILessonCase, v: ILearnerVariant | null, s: ISubmissionLike): Promise<IGraded> {
    const materials = await this.materialsOf;
    const graded = await gradeAnswers(
      { materials, images: this.images, course: lesson.content, datasetsDir: this.datasetsDir },
      { assessment: lesson.assessment, variant: v, answers: s.answers, answerFiles: s.files, stated: s.stated ?? null }
    );
    const items = graded.map(({ item, outcome }, k) => ({
      itemId: item.id,
      kind: item.kind,
      weight: item.weight,
      answered: s.answers[item.id] !== undefined,
      varies: isVariantItem(lesson.assessment, lesson.assessment.items[k] as ILoadedAssessment['items'][number]),
      outcome: { ...outcome, score: clamp(outcome.score) }
    }));
    const total = items.reduce((n, i) => n + i.weight, 0);
    const score = items.reduce((n, i) => n + i.outcome.score * i.weight, 0) / total;
    return { items, score, passed: score >= lesson.assessment.passMark, unanswered: items.filter((i) => !i.answered).map((i) => i.itemId) };
  }

  /** True when the item's key depends on the variant. */
  varies(lesson: ILessonCase, item: ILoadedAssessment['items'][number]): boolean {
    return isVariantItem(lesson.assessment, item);
  }

  /**
   * Items whose key differs between two variants: numbers and points as resolved for each,
   * image references by content. (An item keyed the same for everyone, such as a mask made with
   * default parameters, is not one a neighbour's variant can be told from.)
   */
  async keysDiffer(lesson: ILessonCase, a: ILearnerVariant | null, b: ILearnerVariant | null): Promise<Set<string>> {
    const materials = await this.materialsOf;
    const [ka, kb] = await Promise.all([resolvedItems(materials, lesson.content, lesson.assessment, a), resolvedItems(materials, lesson.content, lesson.assessment, b)]);
    const differ = new Set<string>();
    for (const [k, item] of ka.entries()) {
      const other = kb[k];
      if (!other) continue;
      if (isImageItem(item)) {
        const [fa, fb] = await Promise.all([this.referenceBytes(lesson, a, item.id), this.referenceBytes(lesson, b, item.id)]);
        if (fa !== fb) differ.add(item.id);
      } else if (JSON.stringify(item.key) !== JSON.stringify(other.key)) {
        differ.add(item.id);
      }
    }
    return differ;
  }

  /** A digest of the image an item is graded against on a variant (the content, not the file name). */
  private async referenceBytes(lesson: ILessonCase, v: ILearnerVariant | null, itemId: string): Promise<string> {
    const key = `${lesson.course}/${lesson.lesson}/${v?.index ?? 'base'}/${itemId}`;
    let digest = this.digests.get(key);
    if (!digest) {
      digest = this.digestOf(lesson, v, itemId);
      this.digests.set(key, digest);
    }
    return digest;
  }

  private readonly digests = new Map<string, Promise<string>>();

  private async digestOf(lesson: ILessonCase, v: ILearnerVariant | null, itemId: string): Promise<string> {
    const materials = await this.materialsOf;
    const item = lesson.assessment.items.find((i) => i.id === itemId);
    if (!item || (item.kind !== 'segmentation' && item.kind !== 'intensity-image')) return '';
    const reference = item.key.reference;
    const file =
      reference === FROM_SOLUTION
        ? await materials.solutionImage(lesson.content, lesson.assessment, v, itemId)
        : typeof reference === 'object' && 'hidden' in reference
          ? await materials.reference(lesson.content, lesson.assessment, v, reference.hidden)
          : join(lesson.assessment.dir, String(reference));
    const volume = readNifti(new Uint8Array(await readFile(file)), { maxCompressedBytes: 1e9, maxDecodedBytes: 4e9 });
    return createHash('sha256').update(JSON.stringify([volume.size, volume.spacing, volume.origin])).update(new Uint8Array(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength)).digest('hex');
  }

  /** Files of the course's datasets and of the variant's own datasets: what a learner can download. */
  async handedOut(lesson: ILessonCase, v: ILearnerVariant | null): Promise<string[]> {
    const materials = await this.materialsOf;
    const base = await materials.notebookDatasets(lesson.content, lesson.assessment, null);
    const own = await materials.notebookDatasets(lesson.content, lesson.assessment, v);
    return [...new Set([...Object.values(base), ...Object.values(own)])];
  }

  async close(): Promise<void> {
    await Promise.all([this.images.close(), this.work.close()]);
    await rm(await this.scratch, { recursive: true, force: true });
  }
}

/** One line per item, for assertion messages: id, kind, credit, feedback and measurements. */
export function describeGrades(graded: IGraded): string {
  const lines = graded.items.map((i) => {
    const figures = i.outcome.measurements ? ` ${JSON.stringify(i.outcome.measurements)}` : '';
    return `  ${i.itemId} (${i.kind}, weight ${i.weight}${i.varies ? ', varies' : ''}): ${(i.outcome.score * 100).toFixed(1)} %${i.answered ? '' : ' [no answer]'} — ${i.outcome.feedback}${figures}`;
  });
  return [`score ${(graded.score * 100).toFixed(1)} %`, ...lines].join('\n');
}

/** The cell and error of a failed run, for assertion messages. */
export function describeFailure(run: INotebookResult, notebook: string): string {
  const f = run.failure;
  return f ? `${notebook}, cell ${f.cell}: ${f.ename}: ${f.evalue}` : 'no failure';
}

/** Datasets a generated phantom stood in for (setup could not fetch the real data), from the kernel's notice. */
export function phantomsIn(run: INotebookResult): string[] {
  return [...new Set((run.outputs ?? []).flatMap((o) => [...o.matchAll(/\[course\] ([a-z0-9-]+): [^\n]*phantom/g)].map((m) => m[1] ?? '')))];
}

const clamp = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
