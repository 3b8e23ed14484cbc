import { CellSyntaxError, originalColumn, type IColumnShift } from './compile.js';
import { inspect } from './format.js';
import { MODULE_URL } from './workspace.js';

/** A Jupyter `error` reply, with a traceback that names the learner's cell lines. */
export interface IErrorReply {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The source of every cell run so far, so an error in an older cell's function still points at it. */
export interface ICellSource {
  code: string;
  shifts: IColumnShift[];
}

export interface ICellSources {
  get(cellNumber: number): ICellSource | undefined;
}

export const CELL_URL = /voxel-cell-(\d+)\.ts:(\d+):(\d+)/;

export function cellUrl(cellNumber: number): string {
  return `voxel-cell-${cellNumber}.ts`;
}

/**
 * Turns anything thrown into a readable reply. itk-wasm pipelines throw bare numbers (an exit
 * code), which say nothing to a learner: those become an explanation.
 */
export function errorReply(thrown: unknown, cellNumber: number, sources: ICellSources): IErrorReply {
  if (thrown instanceof CellSyntaxError) {
    const src = sources.get(cellNumber);
    return {
      ename: 'SyntaxError',
      evalue: `${thrown.message} (line ${thrown.line})`,
      traceback: [`SyntaxError: ${thrown.message}`, ...pointAt(src?.code ?? '', thrown.line, thrown.column, 'this cell')]
    };
  }
  if (typeof thrown === 'number') {
    const message = `an itk-wasm pipeline failed (exit code ${thrown}). The input is probably not an image of a supported format, or the parameters do not fit it.`;
    return { ename: 'PipelineError', evalue: message, traceback: [`PipelineError: ${message}`] };
  }
  if (!(thrown instanceof Error)) {
    const text = inspect(thrown);
    return { ename: 'Error', evalue: `a non-error value was thrown: ${text}`, traceback: [`Uncaught ${text}`] };
  }
  const ename = thrown.name || 'Error';
  const evalue = thrown.message;
  const traceback = [`${ename}: ${evalue}`];
  for (const line of (thrown.stack ?? '').split('\n')) {
    // A workspace module's frame (course.module): its file and line, the learner opens it to look.
    const inModule = MODULE_URL.exec(line);
    if (inModule) traceback.push(`    at ${inModule[1]}, line ${inModule[2]}`);
    const m = CELL_URL.exec(line);
    if (!m) continue;
    const n = Number(m[1]);
    const src = sources.get(n);
    if (!src) continue;
    const row = Number(m[2]);
    // V8 columns are 1-based.
    const col = originalColumn(src.shifts, row, Number(m[3]) - 1);
    traceback.push(...pointAt(src.code, row, col, n === cellNumber ? 'this cell' : `cell [${n}]`));
  }
  return { ename, evalue, traceback };
}

function pointAt(code: string, line: number, column: number, where: string): string[] {
  const text = code.split('\n')[line - 1];
  if (text === undefined) return [`    at ${where}, line ${line}`];
  const gutter = `${line} | `;
  return [`    at ${where}, line ${line}:`, `  ${gutter}${text}`, `  ${' '.repeat(gutter.length + Math.min(column, text.length))}^`];
}
