import { describe, expect, it } from 'vitest';
import { gradeMultipleChoice } from '../../src/grading/multiple-choice.js';
import { gradeSingleChoice } from '../../src/grading/single-choice.js';
import { item } from './items.js';

const options = ['a', 'b', 'c', 'd'].map((id) => ({ id, text: `Option ${id}` }));
const choice = (...selected: string[]) => ({ type: 'choice' as const, selected });

describe('single-choice', () => {
  const q = item('single-choice', { options, key: { correct: 'b' }, feedback: { correct: 'Well done.', incorrect: 'Look at the window level.' } });

  it('gives full credit and the author\'s correct text for the right option', () => {
    expect(gradeSingleChoice(q, choice('b'), {})).toEqual({ score: 1, feedback: 'Well done. Correct.' });
  });

  it('gives no credit, with the author\'s incorrect text, otherwise', () => {
    const out = gradeSingleChoice(q, choice('c'), {});
    expect(out.score).toBe(0);
    expect(out.feedback).toBe('Look at the window level. That is not the correct option.');
    expect(gradeSingleChoice(q, choice('b', 'c'), {}).feedback).toMatch(/exactly one option; 2 were selected/);
    expect(gradeSingleChoice(q, choice('zz'), {}).feedback).toMatch(/"zz" is not one of this item's options/);
    expect(gradeSingleChoice(q, choice(), {}).feedback).toMatch(/No option was selected/);
  });

  it('handles a missing answer and an answer of the wrong type', () => {
    expect(gradeSingleChoice(q, undefined, {})).toEqual({ score: 0, feedback: 'Look at the window level. No answer recorded for this item.' });
    expect(gradeSingleChoice(q, { type: 'number', value: 2 }, {}).feedback).toMatch(/Expected a selection of options.*"number"/);
  });
});

describe('multiple-choice partial credit', () => {
  const q = item('multiple-choice', { options, key: { correct: ['a', 'b', 'c'] } });
  it.each([
    [['a', 'b', 'c'], 1],
    [['a', 'b'], 2 / 3],
    [['a', 'b', 'd'], 1 / 3],
    [['a', 'd'], 0],
    [['a', 'b', 'c', 'd'], 2 / 3],
    [['d'], 0],
    [['a', 'a', 'a'], 1 / 3]
  ])('%j → %d', (selected, score) => {
    expect(gradeMultipleChoice(q, choice(...selected), {}).score).toBeCloseTo(score, 12);
  });

  it('says how many were wrong or missed, without naming them', () => {
    const out = gradeMultipleChoice(q, choice('a', 'd'), {});
    expect(out.feedback).toBe('1 selected option is incorrect and 2 correct options were not selected.');
    expect(gradeMultipleChoice(q, { type: 'text', text: 'a' }, {}).score).toBe(0);
  });
});
