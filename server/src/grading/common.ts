import type { AnswerOf, AnswerType, AnswerTypeOf, AnswerValue, ItemKind } from '@voxel-academy/protocol';
import type { ContentItem, ContentItemOf } from '../assessments/content-schema.js';
import type { IGradeOutcome } from './types.js';

export const NO_ANSWER = 'No answer recorded for this item.';

/** What each answer type is called when telling the learner what was expected. */
const EXPECTED: Record<AnswerType, string> = {
  choice: 'Expected a selection of options',
  number: 'Expected a number',
  text: 'Expected a text answer',
  point: 'Expected a point (x, y, z in mm)',
  vector: 'Expected a list of numbers',
  image: 'Expected an uploaded image'
};

export type { AnswerOf };

/**
 * The answer narrowed to the type this kind of item takes, or the zero-credit outcome to
 * return when it is missing or of another type (the browser sends what the learner entered;
 * a stale or hand-made submission can hold anything the protocol allows).
 */
export function answerOfType<K extends ItemKind, T extends AnswerTypeOf<K>>(
  item: ContentItemOf<K>, answer: AnswerValue | undefined, type: T
): { answer: AnswerOf<T> } | { outcome: IGradeOutcome } {
  // `type` is the one the contract (ANSWER_TYPE_OF) gives the item's kind: asking for another fails to compile.
  if (answer === undefined) return { outcome: outcome(item, 0, NO_ANSWER) };
  if (answer.type !== type) {
    return { outcome: outcome(item, 0, `${EXPECTED[type]} for this item, but the answer is of type "${answer.type}".`) };
  }
  return { answer: answer as AnswerOf<T> };
}

/**
 * The author's correct/incorrect text (if any) followed by the grader's specific detail.
 * Only a perfect score counts as "correct": partial credit still shows the incorrect text.
 */
export function outcome(item: ContentItem, score: number, detail: string, measurements?: Record<string, number>): IGradeOutcome {
  const authored = score >= 1 ? item.feedback.correct : item.feedback.incorrect;
  const feedback = [authored, detail].filter((s): s is string => s !== undefined && s.trim() !== '').join(' ');
  return measurements === undefined ? { score, feedback } : { score, feedback, measurements };
}

/** A number for prose: at most 3 decimals and 4 significant digits, no float noise. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '−∞' : 'NaN';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 1 ? 3 - Math.floor(Math.log10(abs)) : 3;
  return String(Number(value.toFixed(Math.min(3, Math.max(0, digits)))));
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** Keeps finite numbers only: measurements travel as JSON, where Infinity would become null. */
export function finiteOnly(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => Number.isFinite(v)));
}
