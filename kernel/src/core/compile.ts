import { parse, type Pattern, type Program, type Statement, type ModuleDeclaration } from 'acorn';
import { transform } from 'sucrase';

/** A cell turned into a script that evaluates to `async (scope) => lastValue`. */
export interface ICompiledCell {
  /** Evaluates (indirect eval) to an async function taking the kernel scope. */
  source: string;
  /** Top-level names the cell declares: they must exist on the scope before it runs. */
  declared: string[];
  /** Where edits moved text along a line, to map error columns back to the cell. */
  shifts: IColumnShift[];
}

/** A syntax error located in the cell's own text (1-based line, 0-based column). */
export class CellSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/** From output column `at` on `line` (1-based) onwards, text sits `delta` characters further right. */
export interface IColumnShift {
  line: number;
  at: number;
  delta: number;
}

interface IEdit {
  at: number;
  end: number;
  text: string;
}

const SCOPE = '__voxelScope';

/**
 * TypeScript → JavaScript (sucrase keeps line numbers), then top-level declarations become
 * assignments to the kernel scope so the next cell sees them. The body runs inside
 * `with (scope)`: every later reference resolves to the scope without rewriting identifiers,
 * and closures from earlier cells see later reassignments. No edit adds or removes a line
 * break, so a line in the evaluated source is the same line in the learner's cell.
 */
export function compileCell(code: string, sourceUrl: string): ICompiledCell {
  let js: string;
  try {
    js = transform(code, { transforms: ['typescript'], disableESTransforms: true, keepUnusedImports: true, production: true }).code;
  } catch (err) {
    throw located(err);
  }
  let program: Program;
  try {
    program = parse(js, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      allowImportExportEverywhere: true,
      locations: true
    });
  } catch (err) {
    throw located(err);
  }
  const edits: IEdit[] = [];
  const declared: string[] = [];
  program.body.forEach((statement, index) => {
    rewriteStatement(js, statement, edits, declared);
    const last = index === program.body.length - 1;
    if (last && statement.type === 'ExpressionStatement') {
      edits.push({ at: statement.expression.start, end: statement.expression.start, text: 'return (' });
      edits.push({ at: statement.expression.end, end: statement.expression.end, text: ')' });
    }
  });
  const prefix = `(async function (${SCOPE}) { with (${SCOPE}) { `;
  const shifts: IColumnShift[] = [{ line: 1, at: 0, delta: prefix.length }];
  const body = applyEdits(js, edits, shifts, prefix.length);
  return { source: `${prefix}${body}\n} })\n//# sourceURL=${sourceUrl}`, declared, shifts };
}

/** Whether the cell parses (for `is_complete_request`): unterminated input asks for more lines. */
export function completeness(code: string): 'complete' | 'incomplete' | 'invalid' {
  try {
    compileCell(code, 'check');
    return 'complete';
  } catch (err) {
    if (!(err instanceof CellSyntaxError)) return 'invalid';
    // An error at the very end of the input means it stopped mid-statement: ask for more lines.
    const lines = code.trimEnd().split('\n');
    const atEnd = err.line > lines.length || (err.line === lines.length && err.column >= (lines[lines.length - 1] ?? '').length);
    return atEnd || /unterminated/i.test(err.message) ? 'incomplete' : 'invalid';
  }
}

function rewriteStatement(js: string, statement: Statement | ModuleDeclaration, edits: IEdit[], declared: string[]): void {
  switch (statement.type) {
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
    case 'ExportAllDeclaration': {
      const line = statement.loc?.start.line ?? 1;
      throw new CellSyntaxError(
        'import/export statements are not available in notebook cells: itk, display and course are already in scope (use `await import(url)` for a module).',
        line,
        statement.loc?.start.column ?? 0
      );
    }
    case 'VariableDeclaration': {
      for (const d of statement.declarations) {
        collectNames(d.id, declared);
        if (!d.init) edits.push({ at: d.id.end, end: d.id.end, text: ' = undefined' });
      }
      const hasSemicolon = js[statement.end - 1] === ';';
      const close = hasSemicolon ? statement.end - 1 : statement.end;
      // `;(` guards against the previous line continuing into this one (ASI).
      edits.push({ at: statement.start, end: statement.start + statement.kind.length, text: ';(' });
      edits.push({ at: close, end: close, text: ')' });
      return;
    }
    case 'FunctionDeclaration':
    case 'ClassDeclaration': {
      const name = statement.id?.name;
      if (!name) return;
      declared.push(name);
      edits.push({ at: statement.start, end: statement.start, text: `;${name} = ` });
      edits.push({ at: statement.end, end: statement.end, text: ';' });
      return;
    }
    default:
      return;
  }
}

function collectNames(pattern: Pattern, names: string[]): void {
  switch (pattern.type) {
    case 'Identifier':
      names.push(pattern.name);
      return;
    case 'ObjectPattern':
      for (const p of pattern.properties) collectNames(p.type === 'RestElement' ? p.argument : p.value, names);
      return;
    case 'ArrayPattern':
      for (const e of pattern.elements) if (e) collectNames(e, names);
      return;
    case 'RestElement':
      collectNames(pattern.argument, names);
      return;
    case 'AssignmentPattern':
      collectNames(pattern.left, names);
      return;
    default:
      return;
  }
}

function applyEdits(text: string, edits: IEdit[], shifts: IColumnShift[], firstLineOffset: number): string {
  // Stable order: by position, inserts at the same spot keep their push order.
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    out += text.slice(cursor, e.at);
    const lineStart = out.lastIndexOf('\n') + 1;
    const line = countLines(out);
    const column = out.length - lineStart + (line === 1 ? firstLineOffset : 0);
    shifts.push({ line, at: column, delta: e.text.length - (e.end - e.at) });
    out += e.text;
    cursor = e.end > e.at ? e.end : e.at;
  }
  return out + text.slice(cursor);
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The cell's own column for an output column (both 0-based). */
export function originalColumn(shifts: readonly IColumnShift[], line: number, column: number): number {
  let col = column;
  for (const s of shifts) if (s.line === line && s.at < column) col -= s.delta;
  return Math.max(0, col);
}

/** sucrase and acorn both end their messages with "(line:column)". */
function located(err: unknown): CellSyntaxError {
  const message = err instanceof Error ? err.message : String(err);
  const match = /\((\d+):(\d+)\)\s*$/.exec(message);
  const loc = (err as { loc?: { line: number; column: number } }).loc;
  const line = loc?.line ?? (match ? Number(match[1]) : 1);
  const column = loc?.column ?? (match ? Number(match[2]) : 0);
  return new CellSyntaxError(message.replace(/\s*\(\d+:\d+\)\s*$/, ''), line, column);
}
