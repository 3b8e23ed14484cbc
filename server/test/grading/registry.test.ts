import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '@voxel-academy/protocol';
import type { ContentItem } from '../../src/assessments/content-schema.js';
import { gradeItem, graders } from '../../src/grading/registry.js';
import { item } from './items.js';

const options = [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }];
const samples: ContentItem[] = [
  item('single-choice', { options, key: { correct: 'a' } }),
  item('multiple-choice', { options, key: { correct: ['a'] } }),
  item('numeric', { key: { value: 1, absTolerance: 0 } }),
  item('short-text', { key: { accept: ['x'] } }),
  item('segmentation', { key: { reference: 'r.nii.gz' } }),
  item('intensity-image', { key: { reference: 'r.nii', meanAbsDiff: { full: 0, zero: 1 } } }),
  item('landmark', { key: { point: [0, 0, 0], distanceMm: { full: 1, zero: 2 } } }),
  item('transform', { parameters: ['t'], key: { values: [0], tolerances: [1] } }),
  item('project', { rubric: { criteria: [{ id: 'c', title: 'C', levels: [{ id: 'lo', title: 'Lo', points: 0, descriptor: 'none' }, { id: 'hi', title: 'Hi', points: 1, descriptor: 'all' }] }] } })
];
const answers: (AnswerValue | undefined)[] = [
  undefined,
  { type: 'choice', selected: ['a'] },
  { type: 'number', value: 1 },
  { type: 'text', text: 'x' },
  { type: 'point', point: [0, 0, 0] },
  { type: 'vector', values: [0] },
  { type: 'image', uploadId: 'u' },
  { type: 'project', uploadId: 'u', report: 'My report.' }
];

describe('grader registry', () => {
  it('has a grader for every item kind and dispatches by kind', () => {
    expect(Object.keys(graders).sort()).toEqual(samples.map((s) => s.kind).sort());
    expect(gradeItem(samples[2], { type: 'number', value: 1 }).score).toBe(1);
    expect(gradeItem(samples[3], { type: 'text', text: 'X.' }).score).toBe(1);
    // People grade projects: the automatic pass gives nothing and says so (services/reviews.ts grades it).
    expect(gradeItem(samples[8]!, { type: 'project', uploadId: 'u', report: 'r' })).toMatchObject({ score: 0, feedback: expect.stringContaining('rubric') });
  });

  it('never throws and always returns a valid outcome, whatever the answer', () => {
    for (const s of samples) {
      for (const a of answers) {
        const out = gradeItem(s, a, {});
        expect(out.score).toBeGreaterThanOrEqual(0);
        expect(out.score).toBeLessThanOrEqual(1);
        expect(out.feedback.length).toBeGreaterThan(0);
      }
    }
  });

  it('turns an exception in a grader into zero credit with a message', () => {
    const broken = item('transform', { parameters: ['a', 'b'], key: { values: [0, 0, 0], tolerances: [1, 1] } });
    const out = gradeItem(broken, { type: 'vector', values: [0, 0, 0] }, {});
    expect(out).toEqual({ score: 0, feedback: 'This item could not be graded because of an error on our side; please tell your instructor.' });
  });
});
