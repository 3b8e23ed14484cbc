import type { Grader } from './types.js';
import { answerOfType, outcome } from './common.js';

/**
 * Folds away differences that do not change the answer: compatibility forms and accents
 * (NFKD, then drop combining marks), case, runs of whitespace, and trailing punctuation
 * ("Left ventricle." is "left ventricle").
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\p{P}\s]+$/u, '');
}

type Compiled = RegExp | { error: string };
/** Patterns are authored content and few, so compiling each once and keeping it is bounded. */
const compiled = new Map<string, Compiled>();

/**
 * The key's pattern, compiled once. Case-insensitive because answers are lowercased before
 * matching and authors naturally write "Ventricle"; Unicode mode when the pattern allows it.
 */
export function compilePattern(pattern: string): Compiled {
  let found = compiled.get(pattern);
  if (found === undefined) {
    try {
      found = new RegExp(pattern, 'iu');
    } catch {
      try {
        found = new RegExp(pattern, 'i');
      } catch (err) {
        found = { error: err instanceof Error ? err.message : String(err) };
      }
    }
    compiled.set(pattern, found);
  }
  return found;
}

export const gradeShortText: Grader<'short-text'> = (item, answer, _ctx) => {
  const got = answerOfType(item, answer, 'text');
  if ('outcome' in got) return got.outcome;
  const text = normaliseText(got.answer.text);
  if (text === '') return outcome(item, 0, 'The answer is empty.');
  if (item.key.accept.some((accepted) => normaliseText(accepted) === text)) return outcome(item, 1, 'Correct.');
  if (item.key.pattern !== undefined) {
    const pattern = compilePattern(item.key.pattern);
    if (!(pattern instanceof RegExp)) {
      // An authoring error: say so rather than silently marking every learner wrong.
      return outcome(item, 0, `This item's answer pattern is invalid (${pattern.error}); please tell your instructor.`);
    }
    if (pattern.test(text)) return outcome(item, 1, 'Correct.');
  }
  return outcome(item, 0, 'That answer is not accepted.');
};
