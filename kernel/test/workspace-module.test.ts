import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKernel, type ExecuteOutcome } from '../src/index-common.js';
import { nodeItkBackend } from '../src/index-node.js';
import { NodeCourseHost } from '../src/node/course-host.js';
import { runNotebook } from '../src/node/notebook.js';

let dir: string;
let scratch: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'voxel-ws-test-'));
  scratch = mkdtempSync(join(tmpdir(), 'voxel-ws-scratch-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function kernel(writeDir?: string) {
  const host = new NodeCourseHost({ datasetsDir: dir, workspaceDir: dir, ...(writeDir ? { writeDir } : {}) });
  const core = createKernel({ itk: nodeItkBackend, course: host });
  let stdout = '';
  const run = (code: string): Promise<ExecuteOutcome> => core.execute(code, { stream: (_n, t) => void (stdout += t), display: () => undefined });
  return { run, host, stdout: () => stdout };
}
const value = (o: ExecuteOutcome): string => (o.status === 'ok' ? String(o.result?.data['text/plain']) : `${o.ename}: ${o.evalue}`);

describe('course.module and course.writeFile (workspace modules)', () => {
  it('loads a TypeScript module next to the notebook, with the kernel names in scope, and returns its exports', async () => {
    writeFileSync(
      join(dir, 'grow.ts'),
      [
        "import type { Image } from 'itk-wasm'",
        'export interface IOptions { lower: number }',
        '/** Voxels at or above lower. */',
        'export function count(image: Image, o: IOptions): number {',
        '  let n = 0',
        '  for (const v of image.data as Uint8Array) if (v >= o.lower) n++',
        '  return n',
        '}',
        "export const hasItk = typeof itk.makeImage === 'function' && typeof course.answer === 'function'",
        "console.log('grow.ts loaded')"
      ].join('\n')
    );
    const k = kernel();
    expect(value(await k.run(`const m = await course.module('grow.ts')\nm.hasItk`))).toBe('true');
    expect(k.stdout()).toContain('grow.ts loaded');
    const image = "itk.makeImage({ size: [2, 2, 1], data: Uint8Array.from([0, 5, 9, 2]), componentType: 'uint8' })";
    expect(value(await k.run(`m.count(${image}, { lower: 5 })`))).toBe('2');
  });

  it('reads the file anew on each call, so an edited module takes effect', async () => {
    const k = kernel();
    writeFileSync(join(dir, 'v.js'), 'export const version = 1');
    expect(value(await k.run(`(await course.module('v.js')).version`))).toBe('1');
    writeFileSync(join(dir, 'v.js'), 'export const version = 2');
    expect(value(await k.run(`(await course.module('v.js')).version`))).toBe('2');
  });

  it('says clearly when the file is missing, has a syntax error (with its line), or throws while loading', async () => {
    const k = kernel();
    expect(value(await k.run(`await course.module('nothing.ts')`))).toMatch(/course\.module\("nothing\.ts"\): the file could not be read \("nothing\.ts" not found next to the notebook.*course\.writeFile/);
    writeFileSync(join(dir, 'broken.ts'), 'export function f(a: number) {\n  return a +\n}\n');
    expect(value(await k.run(`await course.module('broken.ts')`))).toMatch(/^SyntaxError: course\.module\("broken\.ts"\): Unexpected token at line 3, column 1/);
    writeFileSync(join(dir, 'throws.ts'), "export const a = 1\n\nthrow new RangeError('no seeds given')\n");
    const thrown = await k.run(`await course.module('throws.ts')`);
    expect(value(thrown)).toBe('RangeError: course.module("throws.ts"): the module threw while loading (line 3): no seeds given');
    writeFileSync(join(dir, 'imports.ts'), "import { readImage } from '@itk-wasm/image-io'\nexport const r = readImage\n");
    expect(value(await k.run(`await course.module('imports.ts')`))).toMatch(/"import … from '@itk-wasm\/image-io'" is not available in a workspace module/);
    expect(value(await k.run(`await course.module('notes.md')`))).toMatch(/give the path of a \.ts or \.js file/);
  });

  it("points a later error inside a module function at the module's file and line", async () => {
    writeFileSync(join(dir, 'm.ts'), "export function f(x: number) {\n  if (x < 0) throw new RangeError('x must be ≥ 0')\n  return x\n}\n");
    const k = kernel();
    await k.run(`const m = await course.module('m.ts')`);
    const out = await k.run('m.f(-1)');
    expect(out.status).toBe('error');
    if (out.status === 'error') expect(out.traceback).toContain('    at m.ts, line 2');
  });

  it('writes a module from the notebook and imports it; overwrite: false keeps an existing file', async () => {
    const k = kernel(scratch);
    expect(value(await k.run(`await course.writeFile('lib.ts', 'export const twice = (x: number) => 2 * x')`))).toBe('true');
    expect(value(await k.run(`(await course.module('lib.ts')).twice(21)`))).toBe('42');
    expect(value(await k.run(`await course.writeFile('lib.ts', 'export const twice = 0', { overwrite: false })`))).toBe('false');
    expect(value(await k.run(`(await course.module('lib.ts')).twice(4)`))).toBe('8');
    // The scratch folder took the write; the notebook's folder is unchanged.
    expect(readdirSync(scratch)).toEqual(['lib.ts']);
    expect(existsSync(join(dir, 'lib.ts'))).toBe(false);
  });

  it('refuses paths outside the notebook folder and non-text content', async () => {
    const k = kernel(scratch);
    for (const bad of ["'../x.ts'", "'/etc/x.ts'", "''", "'a//b.ts'"]) {
      expect(value(await k.run(`await course.writeFile(${bad}, 'x')`))).toMatch(/give a relative path inside the notebook's folder/);
    }
    expect(value(await k.run(`await course.writeFile('x.ts', 42)`))).toMatch(/the content must be a string/);
    expect(value(await k.run(`await course.writeFile('x.ts', 'x', { overwrte: false })`))).toMatch(/unknown option "overwrte"/);
  });

  it('runNotebook writes into a scratch folder that is gone afterwards, never next to the notebook', async () => {
    const cell = (source: string) => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null });
    const notebook = {
      cells: [cell("await course.writeFile('mod.ts', 'export const answer = 6 * 7')"), cell("course.answer('x', (await course.module('mod.ts')).answer)")],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    };
    writeFileSync(join(dir, 'nb.ipynb'), JSON.stringify(notebook));
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('voxel-workspace-')).length;
    const run = await runNotebook(join(dir, 'nb.ipynb'), { datasetsDir: dir });
    expect(run.failure).toBeNull();
    expect(run.answers.get('x')).toEqual({ type: 'number', value: 42 });
    expect(readdirSync(dir)).toEqual(['nb.ipynb']);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('voxel-workspace-')).length).toBe(before);
  });
});
