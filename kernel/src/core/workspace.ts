import { parse } from 'acorn';
import { transform } from 'sucrase';
import type { IBinaryFile } from './itk.js';

/**
 * Workspace modules: a learner's own `.ts`/`.js` file next to the notebook, loaded into the
 * kernel as a module (`course.module`), and the one way a notebook writes a text file
 * (`course.writeFile`), so a notebook can create the module it then imports.
 */
export interface IWorkspaceHost {
  file(path: string): Promise<IBinaryFile>;
  /** Writes a text file relative to the notebook; resolves to false when it existed and `overwrite` was false. */
  writeFile?(path: string, text: string, overwrite: boolean): Promise<boolean>;
}

/** Marks the module's source in stack traces (errors.ts turns such frames into "at <file>, line N"). */
export const MODULE_URL_PREFIX = 'voxel-module:';
export const MODULE_URL = /voxel-module:(.+?):(\d+):(\d+)/;

type ModuleFunction = (exports: Record<string, unknown>, module: { exports: Record<string, unknown> }, require: (name: string) => never, ...provided: unknown[]) => Promise<void>;

// Indirect eval, as for cells: the module runs in global scope, not in this file's.
const evaluate: (source: string) => unknown = globalThis.eval;

/**
 * The module's code as a function of (exports, module, require, ...the kernel's names). Sucrase
 * keeps line numbers and the wrapper starts on the module's first line, so a line in an error
 * is the line in the learner's file. The kernel's names (itk, course, console, display) are
 * parameters rather than the `with` scope cells use: an ES module is strict, and strict mode
 * forbids `with`.
 */
export function compileModule(code: string, path: string, names: readonly string[]): ModuleFunction {
  let js: string;
  try {
    js = transform(code, { transforms: ['typescript', 'imports'], disableESTransforms: true, production: true }).code;
  } catch (err) {
    throw syntaxError(err, path, 1);
  }
  try {
    parse(js, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true, locations: true });
  } catch (err) {
    throw syntaxError(err, path, 0);
  }
  const prelude = `(async function (exports, module, require, ${names.join(', ')}) {`;
  try {
    return evaluate(`${prelude}${js}\n})\n//# sourceURL=${MODULE_URL_PREFIX}${path}`) as ModuleFunction;
  } catch (err) {
    // What only the engine sees, e.g. `const itk = …` redeclaring one of the kernel's names.
    throw new SyntaxError(`course.module("${path}"): ${err instanceof Error ? err.message : String(err)} (itk, course, console, display and profile are already defined)`);
  }
}

/** `course.module(path)`: reads, compiles and runs the module anew on every call (so edits take effect), and returns its exports. */
export async function loadModule(host: IWorkspaceHost, path: string, scope: Record<string, unknown>, names: readonly string[]): Promise<Record<string, unknown>> {
  if (typeof path !== 'string' || !/\.(ts|js|mjs)$/.test(path)) throw new TypeError(`course.module: give the path of a .ts or .js file next to the notebook (got ${JSON.stringify(path)})`);
  let file: IBinaryFile;
  try {
    file = await host.file(path);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`course.module("${path}"): the file could not be read (${why}). Create it next to this notebook, in JupyterLab or with course.writeFile.`);
  }
  let code: string;
  try {
    code = new TextDecoder('utf-8', { fatal: true }).decode(file.data);
  } catch {
    throw new TypeError(`course.module("${path}"): the file is not UTF-8 text`);
  }
  const run = compileModule(code, path, names);
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): never => {
    throw new Error(`${path}: "import … from '${name}'" is not available in a workspace module: itk, course, console and display are already in scope; load other modules in the notebook with course.module and pass what they export`);
  };
  try {
    await run(module.exports, module, require, ...names.map((n) => scope[n]));
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const line = MODULE_URL.exec(err.stack ?? '')?.[2];
    err.message = `course.module("${path}"): the module threw while loading${line ? ` (line ${line})` : ''}: ${err.message}`;
    throw err;
  }
  return module.exports;
}

/** `course.writeFile(path, text, { overwrite })`: a relative path inside the notebook's folder. */
export async function writeWorkspaceFile(host: IWorkspaceHost, path: string, text: string, options: { overwrite?: boolean } = {}): Promise<boolean> {
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split(/[\\/]/).some((part) => part === '..' || part === '')) {
    throw new TypeError(`course.writeFile: give a relative path inside the notebook's folder, without "..", e.g. "region-growing.ts" (got ${JSON.stringify(path)})`);
  }
  if (typeof text !== 'string') throw new TypeError('course.writeFile: the content must be a string');
  const extra = Object.keys(options).filter((k) => k !== 'overwrite');
  if (extra.length) throw new TypeError(`course.writeFile: unknown option "${extra[0]}" (the only option is overwrite)`);
  if (!host.writeFile) throw new Error('course.writeFile: this kernel has no workspace to write to');
  return host.writeFile(path, text, options.overwrite ?? true);
}

/** Sucrase and acorn both end their messages with "(line:column)": sucrase's column counts from 1, acorn's from 0. */
function syntaxError(err: unknown, path: string, columnBase: 0 | 1): SyntaxError {
  const message = err instanceof Error ? err.message : String(err);
  const loc = (err as { loc?: { line: number; column: number } }).loc;
  const match = /\((\d+):(\d+)\)\s*$/.exec(message);
  const line = loc?.line ?? (match ? Number(match[1]) : 1);
  const column = (loc?.column ?? (match ? Number(match[2]) : 0)) + 1 - columnBase;
  return new SyntaxError(`course.module("${path}"): ${message.replace(/\s*\(\d+:\d+\)\s*$/, '')} at line ${line}, column ${column}`);
}
