import { AnswerValue, type ItemAnalysis } from '@voxel-academy/protocol';
import type { AuthoredItem, ContentItem } from '../assessments/content-schema.js';

/** Items as loaded (keys may still be expressions) or resolved: analysis reads neither key. */
type AnyItem = ContentItem | AuthoredItem;
import { fmt } from '../grading/common.js';

/**
 * Classical item statistics, pure. Difficulty is the mean credit of an item; discrimination is
 * the item–rest correlation (Pearson, between the credit on the item and the weighted score on
 * the other items): a good item is answered well by those who do well overall. Both are read on
 * each learner's first graded attempt, before feedback taught them the answer.
 */

/** Fewest learners before an item is flagged: with fewer, one learner's luck decides. */
export const MIN_SAMPLE = 5;

export interface IFirstAttempt {
  answers: Record<string, unknown>;
  /** Credit (0–1) per item id. */
  credit: ReadonlyMap<string, number>;
}

/** Learners per 10 % band of their best score; 100 % falls in the last band. */
export function histogram(scores: readonly number[]): number[] {
  const bins = Array.from({ length: 10 }, () => 0);
  for (const s of scores) {
    const bin = Math.min(9, Math.max(0, Math.floor(s * 10)));
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  return bins;
}

/** Pearson correlation, or null when either side does not vary (or fewer than 3 pairs). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? mx) - mx;
    const dy = (ys[i] ?? my) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** How an answer reads when grouping wrong answers (null: not groupable, e.g. an image). */
export function answerKey(item: AnyItem, raw: unknown): string | null {
  const parsed = AnswerValue.safeParse(raw);
  if (!parsed.success) return null;
  const a = parsed.data;
  switch (a.type) {
    case 'choice': {
      const options = 'options' in item ? item.options : [];
      return [...a.selected].sort().map((id) => options.find((o) => o.id === id)?.text ?? id).join(' + ') || '(nothing selected)';
    }
    case 'number':
      return `${fmt(Number(a.value.toPrecision(3)))}${a.unit ? ` ${a.unit}` : ''}`;
    case 'text':
      return a.text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 80) || '(empty)';
    case 'point':
      return `(${a.point.map((v) => fmt(Math.round(v * 10) / 10)).join(', ')}) mm`;
    case 'vector':
      return a.values.map((v) => fmt(Math.round(v * 100) / 100)).join(', ');
    case 'image':
    case 'project':
      return null;
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function analyseItems(items: readonly AnyItem[], firsts: readonly IFirstAttempt[]): ItemAnalysis[] {
  const totalWeight = items.reduce((s, i) => s + i.weight, 0);
  return items.map((item) => {
    const graded = firsts.filter((f) => f.credit.has(item.id));
    const credit = graded.map((f) => f.credit.get(item.id) ?? 0);
    const rest = graded.map((f) => {
      const others = items.filter((o) => o.id !== item.id);
      const weight = totalWeight - item.weight;
      return weight <= 0 ? 0 : others.reduce((s, o) => s + (f.credit.get(o.id) ?? 0) * o.weight, 0) / weight;
    });
    const n = credit.length;
    const difficulty = n === 0 ? null : round3(credit.reduce((a, b) => a + b, 0) / n);
    const r = pearson(credit, rest);
    const discrimination = r === null ? null : round3(r);
    const wrong = new Map<string, number>();
    graded.forEach((f, i) => {
      if ((credit[i] ?? 0) >= 1) return;
      const key = answerKey(item, f.answers[item.id]) ?? (item.id in f.answers ? null : '(no answer)');
      if (key !== null) wrong.set(key, (wrong.get(key) ?? 0) + 1);
    });
    return {
      itemId: item.id,
      kind: item.kind,
      prompt: item.prompt,
      weight: item.weight,
      answered: graded.filter((f) => item.id in f.answers).length,
      difficulty,
      discrimination,
      credit: {
        full: n === 0 ? 0 : round3(credit.filter((c) => c >= 1).length / n),
        partial: n === 0 ? 0 : round3(credit.filter((c) => c > 0 && c < 1).length / n),
        none: n === 0 ? 0 : round3(credit.filter((c) => c <= 0).length / n)
      },
      wrongAnswers: [...wrong].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([answer, count]) => ({ answer, count })),
      flag: flagOf(n, difficulty, discrimination)
    };
  });
}

function flagOf(n: number, difficulty: number | null, discrimination: number | null): ItemAnalysis['flag'] {
  if (n < MIN_SAMPLE || difficulty === null) return null;
  if (difficulty <= 0.05) return 'nobody-right';
  if (difficulty >= 0.95) return 'everybody-right';
  if (discrimination !== null && discrimination < -0.05) return 'negative-discrimination';
  if (discrimination !== null && discrimination < 0.15) return 'low-discrimination';
  return null;
}
