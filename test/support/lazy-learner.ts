import { readFileSync } from 'node:fs';
import type { AnswerValue } from '@voxel-academy/protocol';
import { publicItem } from '../../server/src/assessments/content-schema.js';
import { revealAllowed, revealText } from '../../server/src/services/feedback-policy.js';
import { isVariantItem, resolvedItems } from '../../server/src/services/variants.js';
import { gradeItem } from '../../server/src/grading/registry.js';
import { publicParameters } from '../../server/src/variants/draw.js';
import type { ILearnerVariant, VariantMaterials } from '../../server/src/variants/materials.js';
import type { INotebookResult } from '../../server/src/workers/variant-worker.js';
import type { CurriculumHarness, IGraded, ILessonCase } from './curriculum-harness.js';

/**
 * The lazy learner of issue 10: wants the grade without the work. It records only values it
 * can read — in the shipped notebook (markdown, code and the outputs of running it unchanged on
 * its variant), in the public assessment view, and in the feedback of its earlier attempts —
 * uploads whatever dataset it can download as an image answer, and cycles through the options
 * of choice items over all its attempts, keeping what the score says is right.
 *
 * It is lucky too: among the values it may use, it always submits the one that scores best (an
 * oracle), so its score is an upper bound on any learner who only reads. The check is that even
 * this learner stays below the pass mark on every attempt.
 */

export interface ILazyAttempt {
  attempt: number;
  graded: IGraded;
}

/** Numbers a reader finds in a text: "−1,000", "1 737 193", "0.957", "26.3 %", "1e-3". */
export function numbersIn(text: string): number[] {
  const t = text.replace(/[−–]/g, '-');
  const found = new Set<number>();
  for (const m of t.matchAll(/-?\d{1,3}(?:[,\u2009\u202f ]\d{3})+(?:\.\d+)?/g)) found.add(Number(m[0].replace(/[,\u2009\u202f ]/g, '')));
  for (const m of t.matchAll(/-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g)) found.add(Number(m[0]));
  return [...found].filter(Number.isFinite);
}

/** Units a reader could type after a number (the grader converts them): those the text uses. */
const UNITS = ['mm', 'cm', 'm', 'mL', 'L', 'mm3', 'mm³', 'deg', '°', 'rad', '%', 'HU', 's', 'ms'];

/** Numeric answers: every number as written, and with every unit the text names. */
function numericCandidates(text: string, itemUnit: string | undefined): AnswerValue[] {
  const numbers = numbersIn(text);
  const units = itemUnit === undefined ? [] : UNITS.filter((u) => text.includes(u));
  return numbers.flatMap((value) => [{ type: 'number', value } as AnswerValue, ...units.map((unit) => ({ type: 'number', value, unit }) as AnswerValue)]);
}

/** Runs of k consecutive numbers on one line: candidate vectors ("(13, 17) mm"). */
function vectorsIn(text: string, k: number): number[][] {
  const out: number[][] = [];
  for (const line of text.split('\n')) {
    const nums = [...line.replace(/[−–]/g, '-').matchAll(/-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g)].map((m) => Number(m[0]));
    for (let i = 0; i + k <= nums.length; i++) out.push(nums.slice(i, i + k));
  }
  return out;
}

/** Phrases of one to five words, and `quoted` or “quoted” text: candidate short answers. */
function phrasesIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/[`“"]([^`”"\n]{1,60})[`”"]/g)) found.add(m[1] as string);
  for (const line of text.split('\n')) {
    const words = line.split(/\s+/).filter(Boolean);
    for (let i = 0; i < words.length; i++) for (let n = 1; n <= 5 && i + n <= words.length; n++) found.add(words.slice(i, i + n).join(' '));
  }
  return [...found];
}

/** Everything the learner reads before the first attempt. */
export function lessonTexts(lesson: ILessonCase, shipped: INotebookResult, v: ILearnerVariant | null): string[] {
  const nb = JSON.parse(readFileSync(lesson.notebook, 'utf8')) as { cells: { source: string | string[] }[] };
  const cells = nb.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
  const params = v && lesson.assessment.variant ? publicParameters(lesson.assessment.variant, v.parameters) : {};
  const view = lesson.assessment.items.map((i) => JSON.stringify(publicItem(i, params)));
  const recorded = Object.values(shipped.answers).map((a) => JSON.stringify(a));
  return [...cells, ...(shipped.outputs ?? []), ...view, ...recorded, JSON.stringify(params)];
}

/**
 * `variants` are the learner's variants attempt by attempt: one for the per-learner policy, a
 * new one for each attempt under the per-attempt policy (the notebook's outputs are those of the
 * first; later attempts add their prompts).
 */
export async function lazyLearner(harness: CurriculumHarness, materials: VariantMaterials, lesson: ILessonCase, variants: Array<ILearnerVariant | null>, shipped: INotebookResult): Promise<ILazyAttempt[]> {
  const a = lesson.assessment;
  const texts = lessonTexts(lesson, shipped, variants[0] ?? null);
  const first = variants[0] ?? null;
  const files = [...(await harness.handedOut(lesson, first)), ...shipped.images.map((id) => `${materials.dir(lesson.content, a, first)}/shipped-${id}.nii.gz`)];
  const imageScores = new Map<string, Map<string, number>>();
  const kept = new Map<string, { answer: AnswerValue; file: string | null }>();
  const tried = new Map<string, Set<string>>();
  const rightOptions = new Map<string, Set<string>>();
  const attempts: ILazyAttempt[] = [];
  const max = a.maxAttempts ?? 10;

  for (let attempt = 1; attempt <= max; attempt++) {
    const v = variants[Math.min(attempt, variants.length) - 1] ?? null;
    const items = await resolvedItems(materials, lesson.content, a, v);
    if (attempt > 1 && v !== variants[0]) texts.push(...lessonTexts(lesson, { ...shipped, outputs: [] }, v).slice(-a.items.length - 1));
    const text = texts.join('\n');
    const answers: Record<string, AnswerValue | undefined> = {};
    const answerFiles = new Map<string, string | null>();
    for (const item of items) {
      const keep = kept.get(item.id);
      if (keep) {
        answers[item.id] = keep.answer;
        if (keep.file !== null) answerFiles.set(item.id, keep.file);
        continue;
      }
      const best = (candidates: AnswerValue[]): AnswerValue | undefined => {
        let top: { a: AnswerValue; s: number } | undefined;
        for (const c of candidates) {
          const s = gradeItem(item, c, {}).score;
          if (!top || s > top.s) top = { a: c, s };
        }
        return top?.a;
      };
      switch (item.kind) {
        case 'numeric':
          answers[item.id] = best(numericCandidates(text, item.unit));
          break;
        case 'transform':
          answers[item.id] = best(vectorsIn(text, item.parameters.length).map((values) => ({ type: 'vector', values })));
          break;
        case 'landmark':
          answers[item.id] = best(vectorsIn(text, 3).map((p) => ({ type: 'point', point: [p[0] as number, p[1] as number, p[2] as number] })));
          break;
        case 'short-text':
          answers[item.id] = best(phrasesIn(text).map((t) => ({ type: 'text', text: t })));
          break;
        case 'single-choice': {
          const seen = tried.get(item.id) ?? new Set<string>();
          const next = item.options.find((o) => !seen.has(o.id)) ?? item.options[0];
          answers[item.id] = { type: 'choice', selected: [next?.id ?? ''] };
          break;
        }
        case 'multiple-choice': {
          // Everything known right, plus the next option not tried yet: the score tells which it was.
          const right = rightOptions.get(item.id) ?? new Set<string>();
          const seen = tried.get(item.id) ?? new Set<string>();
          const next = item.options.find((o) => !seen.has(o.id) && !right.has(o.id));
          answers[item.id] = { type: 'choice', selected: [...right, ...(next ? [next.id] : [])] };
          break;
        }
        case 'segmentation':
        case 'intensity-image': {
          // Every downloadable dataset (and what the shipped notebook records) uploaded as is.
          let scores = imageScores.get(item.id);
          if (!scores) {
            scores = new Map();
            for (const file of files) {
              const g = await harness.grade(lesson, v, { answers: { [item.id]: { type: 'image', uploadId: 'lazy' } }, files: new Map([[item.id, file]]) });
              scores.set(file, g.items.find((i) => i.itemId === item.id)?.outcome.score ?? 0);
            }
            imageScores.set(item.id, scores);
          }
          const [file] = [...scores].sort((x, y) => y[1] - x[1])[0] ?? [];
          if (file) {
            answers[item.id] = { type: 'image', uploadId: 'lazy' };
            answerFiles.set(item.id, file);
          }
          break;
        }
      }
    }
    const graded = await harness.grade(lesson, v, { answers, files: answerFiles });
    attempts.push({ attempt, graded });
    const reveal = revealAllowed(a, { attemptsLeft: max - attempt, now: Date.now(), personalDeadline: null });
    for (const [k, g] of graded.items.entries()) {
      const answer = answers[g.itemId];
      const item = items[k];
      if (answer && g.outcome.score >= 1) kept.set(g.itemId, { answer, file: answerFiles.get(g.itemId) ?? null });
      if (answer?.type === 'choice' && item && (item.kind === 'single-choice' || item.kind === 'multiple-choice')) {
        const seen = tried.get(g.itemId) ?? new Set<string>();
        answer.selected.forEach((o) => seen.add(o));
        tried.set(g.itemId, seen);
        if (item.kind === 'multiple-choice') {
          // The option just added was right if the score rose above what the known-right ones earn.
          const right = rightOptions.get(g.itemId) ?? new Set<string>();
          const added = answer.selected.find((o) => !right.has(o));
          const expected = right.size / item.key.correct.length;
          if (added && g.outcome.score > expected + 1e-9) right.add(added);
          rightOptions.set(g.itemId, right);
        }
      }
      // What the learner reads after this attempt: feedback, figures, and the key once revealed.
      texts.push(g.outcome.feedback, JSON.stringify(g.outcome.measurements ?? {}));
      if (reveal && g.outcome.score < 1 && item) texts.push(revealText(item) ?? '');
    }
  }
  return attempts;
}

/**
 * Items keyed the same for everyone that a reader answers in full from the lesson alone (before
 * any feedback): must-have 3. (An item keyed per variant may match a number of the lesson by
 * chance on some variants; the lazy learner's score covers those.)
 */
export async function answerableFromLesson(materials: VariantMaterials, lesson: ILessonCase, v: ILearnerVariant | null, shipped: INotebookResult): Promise<string[]> {
  const items = (await resolvedItems(materials, lesson.content, lesson.assessment, v)).filter((_, k) => !isVariantItem(lesson.assessment, lesson.assessment.items[k] as ILessonCase['assessment']['items'][number]));
  const text = lessonTexts(lesson, shipped, v).join('\n');
  const found: string[] = [];
  for (const item of items) {
    let candidates: AnswerValue[] = [];
    if (item.kind === 'numeric') candidates = numericCandidates(text, item.unit);
    else if (item.kind === 'transform') candidates = vectorsIn(text, item.parameters.length).map((values) => ({ type: 'vector', values }));
    else if (item.kind === 'landmark') candidates = vectorsIn(text, 3).map((p) => ({ type: 'point', point: [p[0] as number, p[1] as number, p[2] as number] }));
    const hit = candidates.find((c) => gradeItem(item, c, {}).score >= 1);
    if (hit) found.push(`${item.id} ← ${JSON.stringify(hit)}`);
  }
  return found;
}
