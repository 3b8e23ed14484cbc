import type { Grader } from './types.js';
import { answerOfType, outcome } from './common.js';

/**
 * Partial credit: (correct options selected − wrong options selected) / number of correct
 * options, clamped to [0, 1], so selecting everything earns nothing unless everything is right.
 */
export const gradeMultipleChoice: Grader<'multiple-choice'> = (item, answer, ctx) => {
  const got = answerOfType(item, answer, 'choice');
  if ('outcome' in got) return got.outcome;
  const correct = new Set(item.key.correct);
  const selected = new Set(got.answer.selected);
  if (selected.size === 0) return outcome(item, 0, 'No option was selected.');
  let right = 0;
  let wrong = 0;
  for (const id of selected) {
    if (correct.has(id)) right++;
    else wrong++; // ids that are not options at all count as wrong selections too
  }
  const score = Math.min(1, Math.max(0, (right - wrong) / correct.size));
  if (score === 1) return outcome(item, 1, 'All correct options selected.');
  if (ctx.choiceFeedback === 'right-wrong') return outcome(item, score, 'Not every selection is right.');
  const missed = correct.size - right;
  const parts = [
    wrong > 0 ? `${wrong} selected option${wrong === 1 ? ' is' : 's are'} incorrect` : '',
    missed > 0 ? `${missed} correct option${missed === 1 ? ' was' : 's were'} not selected` : ''
  ].filter((s) => s !== '');
  return outcome(item, score, `${parts.join(' and ')}.`.replace(/^./, (c) => c.toUpperCase()));
};
