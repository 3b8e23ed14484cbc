import { describe, expect, it } from 'vitest';
import { analyseItems, answerKey, histogram, MIN_SAMPLE, pearson, type IFirstAttempt } from '../src/services/item-analysis.js';
import type { ServiceError } from '../src/services/errors.js';
import { checkGrade, projectItemRow, reviewResult } from '../src/services/rubric.js';
import { scoreOf } from '../src/services/scoring.js';
import { item } from './grading/items.js';

const options = [{ id: 'ct', text: 'CT' }, { id: 'mri', text: 'MRI' }];
const easy = item('single-choice', { id: 'easy', options, key: { correct: 'ct' } });
const good = item('numeric', { id: 'good', key: { value: 0, absTolerance: 5 }, unit: 'HU' });
const broken = item('short-text', { id: 'broken', key: { accept: ['x'] } });
const backwards = item('single-choice', { id: 'backwards', options, key: { correct: 'mri' } });
const also = item('numeric', { id: 'also', weight: 3, key: { value: 1, absTolerance: 0 } });

/**
 * A cohort where ability decides `good` and `also` (which weighs most of the rest), everybody
 * gets `easy`, nobody `broken`, and `backwards` is won by the weakest only.
 */
function cohort(n: number): IFirstAttempt[] {
  return Array.from({ length: n }, (_, i) => {
    const strong = i >= n / 2;
    const credit = new Map([
      ['easy', 1],
      ['good', strong ? 1 : 0],
      ['also', strong ? 1 : 0],
      ['broken', 0],
      ['backwards', strong ? 0 : 1]
    ]);
    return { credit, answers: { easy: { type: 'choice', selected: ['ct'] }, good: { type: 'number', value: strong ? 1 : 1000, unit: 'HU' }, broken: { type: 'text', text: i % 2 ? 'Y ' : 'y' } } };
  });
}

describe('item statistics', () => {
  it('correlates like Pearson and refuses what does not vary', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 10);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 10);
    expect(pearson([1, 1, 1, 1], [1, 2, 3, 4])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });

  it('bins best scores by tenths, 100 % in the last bin', () => {
    expect(histogram([0, 0.05, 0.1, 0.55, 0.99, 1])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });

  it('finds difficulty, discrimination, common wrong answers and the items to look at', () => {
    const stats = analyseItems([easy, good, also, broken, backwards], cohort(10));
    const by = new Map(stats.map((s) => [s.itemId, s]));
    expect(by.get('easy')).toMatchObject({ difficulty: 1, flag: 'everybody-right', credit: { full: 1, partial: 0, none: 0 } });
    expect(by.get('broken')).toMatchObject({ difficulty: 0, flag: 'nobody-right' });
    // Normalised: "Y " and "y" are one wrong answer given by all ten.
    expect(by.get('broken')!.wrongAnswers).toEqual([{ answer: 'y', count: 10 }]);
    expect(by.get('good')!.discrimination!).toBeGreaterThan(0.5);
    expect(by.get('good')!.flag).toBeNull();
    expect(by.get('good')!.wrongAnswers).toEqual([{ answer: '1000 HU', count: 5 }]);
    expect(by.get('backwards')!.discrimination!).toBeLessThan(0);
    expect(by.get('backwards')!.flag).toBe('negative-discrimination');
    expect(by.get('backwards')!.wrongAnswers).toEqual([{ answer: '(no answer)', count: 5 }]);
  });

  it('flags nothing on a sample too small to judge', () => {
    const stats = analyseItems([easy, broken], cohort(MIN_SAMPLE - 1));
    expect(stats.map((s) => s.flag)).toEqual([null, null]);
  });

  it('reads answers for grouping: options by their text, numbers to 3 digits, images not at all', () => {
    expect(answerKey(easy, { type: 'choice', selected: ['mri', 'ct'] })).toBe('CT + MRI');
    expect(answerKey(good, { type: 'number', value: 1234.5678, unit: 'HU' })).toBe('1230 HU');
    expect(answerKey(good, { type: 'image', uploadId: 'u' })).toBeNull();
    expect(answerKey(good, 'garbage')).toBeNull();
  });
});

describe('rubric arithmetic and scores', () => {
  const project = item('project', {
    weight: 2,
    rubric: {
      criteria: [
        { id: 'result', title: 'Result', levels: [{ id: 'no', title: 'No', points: 0, descriptor: 'wrong' }, { id: 'yes', title: 'Yes', points: 3, descriptor: 'right' }] },
        { id: 'report', title: 'Report', levels: [{ id: 'poor', title: 'Poor', points: 1, descriptor: 'thin' }, { id: 'good', title: 'Good', points: 2, descriptor: 'clear' }] }
      ]
    }
  });

  it('turns chosen levels into points, credit and a learner-facing result', () => {
    const grade = { criteria: { result: { levelId: 'yes', comment: 'ok' }, report: { levelId: 'poor', comment: '' } }, comment: 'c', cellComments: [] };
    expect(projectItemRow(project, grade)).toMatchObject({ score: 0.8, points: 1.6, maxPoints: 2, feedback: expect.stringContaining('4 of 5 points') });
    expect(reviewResult(project.rubric, grade, 0).criteria).toEqual([
      { criterionId: 'result', levelId: 'yes', points: 3, maxPoints: 3, comment: 'ok' },
      { criterionId: 'report', levelId: 'poor', points: 1, maxPoints: 2, comment: '' }
    ]);
  });

  it('refuses unknown criteria and levels, and a release with a criterion left open', () => {
    const open = { criteria: { result: { levelId: 'yes', comment: '' } }, comment: '', cellComments: [] };
    expect(() => checkGrade(project.rubric, open, false)).not.toThrow();
    expect(() => checkGrade(project.rubric, open, true)).toThrow(/Grade every criterion/);
    const detail = (grade: Parameters<typeof checkGrade>[1]): string | undefined => {
      try {
        checkGrade(project.rubric, grade, false);
      } catch (err) {
        return (err as ServiceError).detail;
      }
      return undefined;
    };
    expect(detail({ ...open, criteria: { result: { levelId: 'maybe', comment: '' } } })).toContain('no level "maybe"');
    expect(detail({ ...open, criteria: { style: { levelId: null, comment: '' } } })).toContain('no criterion "style"');
  });

  it('leaves excused items out of the score, and scores a fully excused submission as met', () => {
    const rows = [
      { itemId: 'a', score: 1, points: 1, maxPoints: 1, feedback: '' },
      { itemId: 'b', score: 0, points: 0, maxPoints: 3, feedback: '' }
    ];
    expect(scoreOf(rows, new Set(), 1, 0.5)).toEqual({ score: 0.25, passed: false });
    expect(scoreOf(rows, new Set(['b']), 1, 0.5)).toEqual({ score: 1, passed: true });
    expect(scoreOf(rows, new Set(['b']), 0.8, 0.5)).toEqual({ score: 0.8, passed: true });
    expect(scoreOf(rows, new Set(['a', 'b']), 1, 0.5)).toEqual({ score: 1, passed: true });
  });
});
