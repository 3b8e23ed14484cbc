import type { Grader } from './types.js';
import { answerOfType, outcome } from './common.js';

export const gradeSingleChoice: Grader<'single-choice'> = (item, answer, _ctx) => {
  const got = answerOfType(item, answer, 'choice');
  if ('outcome' in got) return got.outcome;
  const selected = [...new Set(got.answer.selected)];
  if (selected.length === 0) return outcome(item, 0, 'No option was selected.');
  if (selected.length > 1) return outcome(item, 0, `Select exactly one option; ${selected.length} were selected.`);
  const [choice] = selected;
  if (!item.options.some((o) => o.id === choice)) return outcome(item, 0, `"${choice}" is not one of this item's options.`);
  return choice === item.key.correct ? outcome(item, 1, 'Correct.') : outcome(item, 0, 'That is not the correct option.');
};
