import { describe, expect, it } from 'vitest';
import { evaluateValue, ExpressionError, parseExpression } from '../../src/variants/expression.js';

describe('key and step expressions', () => {
  it('evaluate arithmetic over parameters with precedence, unary minus and functions', () => {
    const b = { tx: 3, ty: -4, angle: 30 };
    expect(evaluateValue('$tx', b)).toBe(3);
    expect(evaluateValue('110 + $tx * 2', b)).toBe(116);
    expect(evaluateValue('(110 + $tx) * 2', b)).toBe(226);
    expect(evaluateValue('10 - 3 - 2', b)).toBe(5);
    expect(evaluateValue('24 / 4 / 2 * 3', b)).toBe(9);
    expect(evaluateValue('-$ty', b)).toBe(4);
    expect(evaluateValue('hypot($tx, $ty)', b)).toBe(5);
    expect(evaluateValue('round(sind($angle), 3)', b)).toBe(0.5);
    expect(evaluateValue('cosd(60) * pi', b)).toBeCloseTo(Math.PI / 2, 12);
    expect(evaluateValue(12.5, b)).toBe(12.5);
    expect([...parseExpression('$a + max($b, 2)').parameters].sort()).toEqual(['a', 'b']);
  });

  it('refuse anything that is not arithmetic, with a message that says what is wrong', () => {
    expect(() => parseExpression('process.exit(1)')).toThrow(ExpressionError);
    expect(() => parseExpression('$a +')).toThrow(/ends too early/);
    expect(() => parseExpression('foo($a)')).toThrow(/unknown function "foo"/);
    expect(() => parseExpression('$a $b')).toThrow(/unexpected text/);
    expect(() => parseExpression('round(1, 2, 3)')).toThrow(/round takes 1–2 arguments/);
    expect(() => parseExpression('"x"')).toThrow(/unexpected/);
    expect(() => evaluateValue('$missing', {})).toThrow(/\$missing is not a parameter/);
    expect(() => evaluateValue('$label', { label: 'V1' })).toThrow(/not a number/);
    expect(() => evaluateValue('1 / 0', {})).toThrow(/not a finite number/);
  });
});
