import { describe, expect, it } from 'vitest';
import { gradeShortText, normaliseText } from '../../src/grading/short-text.js';
import { item } from './items.js';

const text = (t: string) => ({ type: 'text' as const, text: t });

describe('normaliseText', () => {
  it('folds accents, case, whitespace and trailing punctuation', () => {
    expect(normaliseText('  Ventricule   GAUCHE. ')).toBe('ventricule gauche');
    expect(normaliseText('Hounsfield-Einheit!?')).toBe('hounsfield-einheit');
    expect(normaliseText('Éxposé\tnaïve')).toBe('expose naive');
    expect(normaliseText('ﬁbrosis')).toBe('fibrosis'); // NFKD compatibility ligature
  });
});

describe('short-text grader', () => {
  const q = item('short-text', { key: { accept: ['Left ventricle', 'LV'] } });
  it('accepts listed answers however they are typed', () => {
    expect(gradeShortText(q, text('left  VENTRICLE.'), {}).score).toBe(1);
    expect(gradeShortText(q, text('lv'), {}).score).toBe(1);
    expect(gradeShortText(q, text('right ventricle'), {}).score).toBe(0);
    expect(gradeShortText(q, text('   '), {}).feedback).toMatch(/empty/);
  });

  it('matches a pattern against the normalised answer', () => {
    const p = item('short-text', { key: { pattern: '^(left|l)\\s?ventricle$' } });
    expect(gradeShortText(p, text('L Ventricle'), {}).score).toBe(1);
    expect(gradeShortText(p, text('Left Ventricle!'), {}).score).toBe(1);
    expect(gradeShortText(p, text('left ventricles'), {}).score).toBe(0);
  });

  it('reports an invalid pattern as an authoring problem instead of throwing', () => {
    const bad = item('short-text', { key: { pattern: '(unclosed' } });
    const out = gradeShortText(bad, text('anything'), {});
    expect(out.score).toBe(0);
    expect(out.feedback).toMatch(/answer pattern is invalid.*tell your instructor/);
  });

  it('handles a mistyped answer', () => {
    expect(gradeShortText(q, { type: 'choice', selected: ['lv'] }, {}).feedback).toMatch(/^Expected a text answer/);
  });
});
