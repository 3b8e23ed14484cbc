import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnswerValue } from '@voxel-academy/protocol';
import type { RecordedAnswer } from '../../kernel/src/core/course.js';
import { nodeItkBackend } from '../../kernel/src/index-node.js';
import { declaredDatasets } from '../../kernel/src/node/datasets.js';
import { runNotebook, type INotebookRun } from '../../kernel/src/node/notebook.js';
import { isImageItem, type ContentItem } from '../../server/src/assessments/content-schema.js';
import type { DatasetEntry } from '../../server/src/content/datasets.js';
import { eachLesson } from '../../server/src/content/check-course.js';
import { loadContent, type ILoadedAssessment } from '../../server/src/content/load-content.js';
import { referenceFile } from '../../server/src/content/references.js';
import { gradeItem } from '../../server/src/grading/registry.js';
import type { IGradeOutcome } from '../../server/src/grading/types.js';
import { PooledImageWork } from '../../server/src/workers/image-work.js';

/**
 * The curriculum harness: runs a lesson's learner notebook and its reference solution on the
 * Node kernel (the kernel core the browser runs) and grades what they record with the course
 * server's own graders, so "the solution scores 100 %" means what a learner would see.
 */

export interface ILessonCase {
  course: string;
  lesson: string;
  title: string;
  /** notebooks/<course>/<lesson>.ipynb */
  notebook: string;
  /** assessments/<course>/solutions/<lesson>.ipynb */
  solution: string;
  assessment: ILoadedAssessment;
  datasets: ReadonlyMap<string, DatasetEntry>;
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
      cases.push({
        course,
        lesson: lesson.id,
        title: lesson.title,
        notebook: join(contentDir, 'notebooks', course, `${lesson.id}.ipynb`),
        solution: join(assessment.dir, 'solutions', `${lesson.id}.ipynb`),
        assessment,
        datasets: loaded.datasets
      });
    }
  }
  return cases;
}

export interface IItemGrade {
  itemId: string;
  kind: ContentItem['kind'];
  weight: number;
  answered: boolean;
  outcome: IGradeOutcome;
}

export interface IGradedRun {
  run: INotebookRun;
  items: IItemGrade[];
  /** Σ credit × weight / Σ weight, as the server scores a submission on time. */
  score: number;
  passed: boolean;
  /** Items the notebook recorded no answer for. */
  unanswered: string[];
  /** Recorded ids that are not items of the assessment (the extension would drop them). */
  unknown: string[];
  /** Datasets a generated phantom stood in for (setup could not fetch the real data), from the kernel's notice. */
  phantoms: string[];
}

/** Runs notebooks and grades them; `close()` stops the image worker threads. */
export class CurriculumHarness {
  private readonly images: PooledImageWork;

  constructor(
    private readonly contentDir: string,
    private readonly datasetsDir: string
  ) {
    // The server's default upload and image caps: an answer the server would refuse fails here too.
    this.images = new PooledImageWork({ gradingThreads: 1, maxQueue: 32, taskTimeoutMs: 120_000, maxCompressedBytes: 64 * 1024 * 1024, maxDecodedBytes: 512 * 1024 * 1024 });
  }

  async runAndGrade(lesson: ILessonCase, notebook: string): Promise<IGradedRun> {
    if (!existsSync(notebook)) throw new Error(`${notebook} does not exist`);
    // The lesson's own course's datasets, as the browser loads them for a lesson notebook.
    const run = await runNotebook(notebook, { datasetsDir: this.datasetsDir, declared: declaredDatasets(this.contentDir, this.datasetsDir, lesson.course) });
    const items = await this.grade(lesson, run.answers);
    const total = items.reduce((n, i) => n + i.weight, 0);
    const score = items.reduce((n, i) => n + clamp(i.outcome.score) * i.weight, 0) / total;
    const ids = new Set(lesson.assessment.items.map((i) => i.id));
    return {
      run,
      items,
      score,
      passed: score >= lesson.assessment.passMark,
      unanswered: items.filter((i) => !i.answered).map((i) => i.itemId),
      unknown: [...run.answers.keys()].filter((id) => !ids.has(id)),
      phantoms: [...new Set(run.outputs.flatMap((o) => [...(o.stdout + o.stderr).matchAll(PHANTOM_NOTICE)].map((m) => m[1] ?? '')))]
    };
  }

  close(): Promise<void> {
    return this.images.close();
  }

  private async grade(lesson: ILessonCase, answers: ReadonlyMap<string, RecordedAnswer>): Promise<IItemGrade[]> {
    const scratch = await mkdtemp(join(tmpdir(), 'voxel-harness-'));
    try {
      const grades: IItemGrade[] = [];
      for (const item of lesson.assessment.items) {
        const recorded = answers.get(item.id);
        grades.push({ itemId: item.id, kind: item.kind, weight: item.weight, answered: recorded !== undefined, outcome: await this.gradeOne(lesson, item, recorded, scratch) });
      }
      return grades;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async gradeOne(lesson: ILessonCase, item: ContentItem, recorded: RecordedAnswer | undefined, scratch: string): Promise<IGradeOutcome> {
    if (recorded?.type === 'image') {
      // As Submit does: the extension writes the image with itk.writeImage to `<item>.nii.gz`,
      // uploads it, and the server's image worker reads and grades it.
      const answerFile = join(scratch, `${item.id}.nii.gz`);
      await writeFile(answerFile, await nodeItkBackend.writeImage(recorded.image, `${item.id}.nii.gz`));
      return this.gradeImage(lesson, item, { type: 'image', uploadId: item.id }, answerFile);
    }
    let answer: AnswerValue | undefined;
    if (recorded !== undefined) {
      const parsed = AnswerValue.safeParse(recorded);
      if (!parsed.success) return { score: 0, feedback: `the recorded answer is not a valid submission: ${parsed.error.issues[0]?.message ?? ''}` };
      answer = parsed.data;
    }
    if (isImageItem(item)) return this.gradeImage(lesson, item, answer, null);
    return gradeItem(item, answer, {});
  }

  private async gradeImage(lesson: ILessonCase, item: ContentItem, answer: AnswerValue | undefined, answerFile: string | null): Promise<IGradeOutcome> {
    if (!isImageItem(item)) {
      return { score: 0, feedback: `an image was recorded for a ${item.kind} item` };
    }
    const roots = { assessmentDir: lesson.assessment.dir, courseId: lesson.course, datasets: lesson.datasets, datasetsDir: this.datasetsDir };
    const reference = referenceFile(item.key.reference, roots);
    if (reference === null || !existsSync(reference)) throw new Error(`${lesson.course}/${lesson.lesson} item ${item.id}: reference image missing (${reference ?? 'undeclared dataset'}); run setup to fetch the teaching data`);
    const [outcome] = await this.images.gradeImages([{ item, answer, answerFile, referenceFile: reference }]);
    if (!outcome) throw new Error(`no grade for ${item.id}`);
    return outcome;
  }
}

/** One line per item, for assertion messages: id, kind, credit, feedback and measurements. */
export function describeGrades(graded: IGradedRun): string {
  const lines = graded.items.map((i) => {
    const figures = i.outcome.measurements ? ` ${JSON.stringify(i.outcome.measurements)}` : '';
    return `  ${i.itemId} (${i.kind}, weight ${i.weight}): ${(clamp(i.outcome.score) * 100).toFixed(1)} %${i.answered ? '' : ' [no answer]'} — ${i.outcome.feedback}${figures}`;
  });
  return [`score ${(graded.score * 100).toFixed(1)} %`, ...lines].join('\n');
}

/** The notebook, cell and error of a failed run, for assertion messages. */
export function describeFailure(run: INotebookRun): string {
  const f = run.failure;
  if (!f) return 'no failure';
  return `${f.notebook}, cell ${f.cell}: ${f.ename}: ${f.evalue}\n${f.traceback.join('\n')}`;
}

/** The line `course.data` prints the first time it loads a phantom: "[course] <id>: … phantom stands in …". */
const PHANTOM_NOTICE = /\[course\] ([a-z0-9-]+): [^\n]*phantom/g;

const clamp = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
