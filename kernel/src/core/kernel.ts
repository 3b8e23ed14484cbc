import { CellSyntaxError, compileCell, completeness } from './compile.js';
import { complete, type ICompletion } from './complete.js';
import { profile, scatter, toMimeBundle, type IDisplayOptions, type IMimeBundle } from './display.js';
import { cellUrl, errorReply, type ICellSource, type IErrorReply } from './errors.js';
import { formatArgs, inspect } from './format.js';
import type { IProgressEvent } from './progress.js';

/** Where a running cell's output goes (Jupyter messages in the worker, a collector in Node). */
export interface IKernelOutput {
  stream(name: 'stdout' | 'stderr', text: string): void;
  display(bundle: IMimeBundle): void;
  /** Long waits (downloads, registrations): the browser draws a progress bar, Node may ignore them. */
  progress?(event: IProgressEvent): void;
}

export type ExecuteOutcome = { status: 'ok'; result: IMimeBundle | null } | ({ status: 'error' } & IErrorReply);

type CellFunction = (scope: Record<string, unknown>) => Promise<unknown>;

/** Shapes of cells learners write first: an expression, typed declarations, an awaited call. */
const WARM_UP_CELLS = ['6 * 7', 'const size: number[] = [1, 2]\nlet label = `a ${size.length}`\nconsole.log(label)', 'const image = await itk.readImage(file)\nimage.size'];

// Indirect eval: the cell runs in global scope (not this module's), in sloppy mode so the
// compiled cell may use `with`.
const evaluate: (source: string) => unknown = globalThis.eval;

/**
 * Executes notebook cells in one persistent scope. Environment-free: what a cell can use
 * beyond the language (itk, course, …) is passed in as `namespace`.
 */
export class KernelCore {
  readonly scope: Record<string, unknown>;
  private readonly cells = new Map<number, ICellSource>();
  private counter = 0;
  private output: IKernelOutput | null = null;

  /** Writes to the running (or latest) cell, for messages from the namespace such as load progress. */
  print(name: 'stdout' | 'stderr', text: string): void {
    this.output?.stream(name, text);
  }

  /** Reports a long wait of the running cell (see progress.ts). */
  readonly progress = (event: IProgressEvent): void => {
    this.output?.progress?.(event);
  };

  constructor(namespace: Record<string, unknown> = {}) {
    const out =
      (name: 'stdout' | 'stderr') =>
      (...args: unknown[]): void => {
        this.output?.stream(name, formatArgs(args) + '\n');
      };
    // console.time/timeEnd as in browsers: "label: 12.3 ms" on stdout, a warning for unknown labels.
    const timers = new Map<string, number>();
    const console = {
      log: out('stdout'),
      info: out('stdout'),
      debug: out('stdout'),
      warn: out('stderr'),
      error: out('stderr'),
      table: out('stdout'),
      time: (label = 'default'): void => void timers.set(String(label), performance.now()),
      timeLog: (label = 'default'): void => elapsed(String(label), false),
      timeEnd: (label = 'default'): void => elapsed(String(label), true)
    };
    const elapsed = (label: string, end: boolean): void => {
      const started = timers.get(label);
      if (started === undefined) return out('stderr')(`Timer "${label}" does not exist (start it with console.time("${label}"))`);
      if (end) timers.delete(label);
      out('stdout')(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
    };
    const display = (value: unknown, options?: IDisplayOptions): void => {
      this.output?.display(toMimeBundle(value, options));
    };
    this.scope = Object.assign(Object.create(null) as Record<string, unknown>, { console, display, profile, scatter }, namespace);
  }

  /** Output written after a cell returned (timers, un-awaited promises) goes to the latest cell. */
  async execute(code: string, output: IKernelOutput): Promise<ExecuteOutcome> {
    this.output = output;
    const n = ++this.counter;
    this.cells.set(n, { code, shifts: [] });
    try {
      const compiled = compileCell(code, cellUrl(n));
      this.cells.set(n, { code, shifts: compiled.shifts });
      for (const name of compiled.declared) if (!(name in this.scope)) this.scope[name] = undefined;
      const run = evaluate(compiled.source) as CellFunction;
      const value = await run(this.scope);
      if (value === undefined) return { status: 'ok', result: null };
      // Strings show quoted (as REPLs do) and plain arrays as text: a result like `image.size`
      // is a value to read, not a distribution to plot. display(array) still plots.
      const plain = typeof value === 'string' || Array.isArray(value);
      return { status: 'ok', result: plain ? { data: { 'text/plain': inspect(value) }, metadata: {} } : toMimeBundle(value) };
    } catch (err) {
      return { status: 'error', ...errorReply(err, n, this.cells) };
    }
  }

  /**
   * Compiles and formats a few typical cells without running them or counting them, so the
   * compiler's and formatter's first-call cost (lazy compilation and JIT of sucrase and acorn,
   * ~6 ms in Node, more in a busy worker) is paid while the kernel starts, not by the
   * learner's first cell.
   */
  warmUp(): void {
    for (const code of WARM_UP_CELLS) compileCell(code, 'voxel-warm-up');
    inspect(42);
    toMimeBundle({ warm: [1, 'up'] });
  }

  complete(code: string, cursor: number): ICompletion {
    return complete(code, cursor, this.scope);
  }

  isComplete(code: string): 'complete' | 'incomplete' | 'invalid' {
    return completeness(code);
  }
}

export { CellSyntaxError };
