/**
 * Arithmetic over variant parameters, as authors write it in assessment YAML:
 * `'$tx'`, `'110 + $tx'`, `'round(hypot($dx, $dy), 2)'`. A tiny recursive-descent parser with
 * no access to anything but numbers, named parameters and the functions below — content is
 * trusted, but an expression is still data, never code to evaluate.
 */

export type Bindings = Readonly<Record<string, number | string>>;

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (...a: number[]) => number }> = {
  abs: { arity: [1, 1], fn: Math.abs },
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  /** round(x) or round(x, decimals). */
  round: { arity: [1, 2], fn: (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d },
  min: { arity: [1, 8], fn: Math.min },
  max: { arity: [1, 8], fn: Math.max },
  hypot: { arity: [1, 8], fn: Math.hypot },
  /** Trigonometry in degrees, as authors write angles. */
  sind: { arity: [1, 1], fn: (x) => Math.sin((x * Math.PI) / 180) },
  cosd: { arity: [1, 1], fn: (x) => Math.cos((x * Math.PI) / 180) }
};

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token = { type: 'num'; value: number } | { type: 'param'; name: string } | { type: 'name'; name: string } | { type: 'op'; op: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|\$([a-z][a-z0-9_]*)|([a-z][a-z0-9_]*)|([-+*/(),]))/giy;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) {
      if (text.slice(at).trim() === '') break;
      throw new ExpressionError(`unexpected "${text.slice(at).trim().slice(0, 10)}" in "${text}"`);
    }
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ type: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ type: 'param', name: m[2] });
    else if (m[3] !== undefined) tokens.push({ type: 'name', name: m[3] });
    else if (m[4] !== undefined) tokens.push({ type: 'op', op: m[4] });
  }
  return tokens;
}

/** A parsed expression: evaluate it with parameter values, or list the parameters it uses. */
export interface IExpression {
  readonly source: string;
  readonly parameters: ReadonlySet<string>;
  evaluate(bindings: Bindings): number;
}

type Node = (b: Bindings) => number;

const BINARY = {
  '+': (a: number, b: number) => a + b,
  '-': (a: number, b: number) => a - b,
  '*': (a: number, b: number) => a * b,
  '/': (a: number, b: number) => a / b
} as const;

export function parseExpression(source: string): IExpression {
  const tokens = tokenize(source);
  const parameters = new Set<string>();
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isOp = (op: string): boolean => {
    const t = peek();
    return t?.type === 'op' && t.op === op;
  };
  const expect = (op: string): void => {
    if (!isOp(op)) throw new ExpressionError(`expected "${op}" in "${source}"`);
    i++;
  };

  /** A left-associative run of `next` terms joined by the given operators. */
  const chain = (next: () => Node, ops: readonly (keyof typeof BINARY)[]): Node => {
    let left = next();
    while (ops.some(isOp)) {
      const apply = BINARY[(tokens[i++] as { op: keyof typeof BINARY }).op];
      const l = left;
      const r = next();
      left = (b) => apply(l(b), r(b));
    }
    return left;
  };
  const sum = (): Node => chain(product, ['+', '-']);
  const product = (): Node => chain(unary, ['*', '/']);
  const unary = (): Node => {
    if (isOp('-')) {
      i++;
      const inner = unary();
      return (b) => -inner(b);
    }
    if (isOp('+')) i++;
    return atom();
  };
  const atom = (): Node => {
    const t = tokens[i++];
    if (!t) throw new ExpressionError(`"${source}" ends too early`);
    if (t.type === 'num') return () => t.value;
    if (t.type === 'param') {
      parameters.add(t.name);
      return (b) => {
        const v = b[t.name];
        if (typeof v !== 'number') throw new ExpressionError(`$${t.name} is ${v === undefined ? 'not a parameter' : 'not a number'}`);
        return v;
      };
    }
    if (t.type === 'name') {
      if (t.name === 'pi') return () => Math.PI;
      const f = FUNCTIONS[t.name];
      if (!f) throw new ExpressionError(`unknown function "${t.name}" in "${source}" (known: ${Object.keys(FUNCTIONS).join(', ')}, pi)`);
      expect('(');
      const args: Node[] = [sum()];
      while (isOp(',')) {
        i++;
        args.push(sum());
      }
      expect(')');
      if (args.length < f.arity[0] || args.length > f.arity[1]) throw new ExpressionError(`${t.name} takes ${f.arity.join('–')} arguments`);
      return (b) => f.fn(...args.map((a) => a(b)));
    }
    if (t.op === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    throw new ExpressionError(`unexpected "${t.op}" in "${source}"`);
  };

  if (tokens.length === 0) throw new ExpressionError('empty expression');
  const root = sum();
  if (i < tokens.length) throw new ExpressionError(`unexpected text after position ${i} in "${source}"`);
  return {
    source,
    parameters,
    evaluate(bindings) {
      const value = root(bindings);
      if (!Number.isFinite(value)) throw new ExpressionError(`"${source}" is not a finite number for these parameters`);
      return value;
    }
  };
}

/** A number, or an expression string evaluated with the bindings. */
export function evaluateValue(value: number | string, bindings: Bindings): number {
  return typeof value === 'number' ? value : parseExpression(value).evaluate(bindings);
}
