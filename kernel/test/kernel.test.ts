import { describe, expect, it } from 'vitest';
import { KernelCore, type IKernelOutput, type IMimeBundle } from '../src/index-common.js';

interface ICollected extends IKernelOutput {
  stdout: string;
  stderr: string;
  displays: IMimeBundle[];
}

function collector(): ICollected {
  const c: ICollected = {
    stdout: '',
    stderr: '',
    displays: [],
    stream: (name, text) => {
      c[name] += text;
    },
    display: (bundle) => c.displays.push(bundle)
  };
  return c;
}

async function run(kernel: KernelCore, code: string): Promise<{ out: ICollected; text: string | null; error: string[] | null }> {
  const out = collector();
  const r = await kernel.execute(code, out);
  if (r.status === 'error') return { out, text: null, error: r.traceback };
  return { out, text: (r.result?.data['text/plain'] as string | undefined) ?? null, error: null };
}

describe('kernel core', () => {
  it('keeps one scope across cells: const, let, functions, classes, destructuring', async () => {
    const k = new KernelCore();
    expect((await run(k, 'const a = 40\nlet b = 2\na + b')).text).toBe('42');
    expect((await run(k, 'function twice(x: number): number { return x * b }\nclass Box { v = 3 }')).error).toBeNull();
    expect((await run(k, 'const { p, q: [r] } = { p: 1, q: [2] }\ntwice(new Box().v) + p + r')).text).toBe('9');
    // A function from an earlier cell sees a later reassignment (REPL semantics).
    expect((await run(k, 'b = 10\ntwice(1)')).text).toBe('10');
    // Re-running a cell that declares a const is allowed, as in a notebook.
    expect((await run(k, 'const a = 1\na')).text).toBe('1');
  });

  it('accepts TypeScript and top-level await', async () => {
    const k = new KernelCore();
    const r = await run(k, 'interface IPoint { x: number }\nconst p: IPoint = { x: 2 } as IPoint\nconst later = await new Promise<number>((ok) => setTimeout(() => ok(p.x * 21), 5))\nlater');
    expect(r.text).toBe('42');
  });

  it('sends console.log to stdout and console.error to stderr; no result for undefined', async () => {
    const k = new KernelCore();
    const r = await run(k, "console.log('hello', { n: 1 }, [1, 2])\nconsole.error('careful')");
    expect(r.out.stdout).toBe("hello { n: 1 } [ 1, 2 ]\n");
    expect(r.out.stderr).toBe('careful\n');
    expect(r.text).toBeNull();
  });

  it('times steps with console.time/timeEnd and warns about a timer never started', async () => {
    const k = new KernelCore();
    const r = await run(k, "console.time('smooth')\nawait new Promise((ok) => setTimeout(ok, 20))\nconsole.timeEnd('smooth')\nconsole.timeEnd('smooth')");
    const ms = Number(/^smooth: ([\d.]+) ms\n$/.exec(r.out.stdout)?.[1]);
    expect(ms).toBeGreaterThan(0);
    expect(r.out.stderr).toBe('Timer "smooth" does not exist (start it with console.time("smooth"))\n');
  });

  it('points errors at the line of the cell that raised them, also from an older cell', async () => {
    const k = new KernelCore();
    const own = await run(k, 'const x = 1\n\nnull.boom');
    expect(own.error?.[0]).toMatch(/^TypeError: Cannot read properties of null/);
    expect(own.error).toContain('  3 | null.boom');
    expect(own.error?.[own.error.length - 1]?.indexOf('^')).toBe('  3 | null.'.length);
    await run(k, 'function explode() {\n  throw new RangeError("too far")\n}');
    const nested = await run(k, 'explode()');
    expect(nested.error?.[0]).toBe('RangeError: too far');
    expect(nested.error?.join('\n')).toMatch(/cell \[2\], line 2:\n {2}2 \| {3}throw new RangeError/);
    expect(nested.error?.join('\n')).toContain('at this cell, line 1');
  });

  it('reports syntax errors with their line, and rejects import statements readably', async () => {
    const k = new KernelCore();
    await run(k, 'let q = 1');
    const r = await run(k, 'q = 2\nq +');
    expect(r.error?.[0]).toMatch(/^SyntaxError/);
    expect(r.error).toContain('  2 | q +');
    const imp = await run(k, "import x from 'y'");
    expect(imp.error?.[0]).toMatch(/import\/export statements are not available/);
    // The kernel keeps running after errors.
    expect((await run(k, 'q')).text).toBe('1');
  });

  it('explains a bare number thrown by a pipeline and non-error throws', async () => {
    const k = new KernelCore();
    expect((await run(k, 'throw 3')).error?.[0]).toMatch(/pipeline failed \(exit code 3\)/);
    expect((await run(k, "throw { odd: true }")).error?.[0]).toBe('Uncaught { odd: true }');
  });

  it('display() sends rich outputs; arrays plot as histograms', async () => {
    const k = new KernelCore();
    const r = await run(k, "display('plain')\ndisplay(new Float32Array([1, 2, 2, 3]))\ndisplay(profile([1, 3, 2]))");
    expect(r.out.displays.map((d) => Object.keys(d.data))).toEqual([['text/plain'], ['image/svg+xml', 'text/plain'], ['image/svg+xml', 'text/plain']]);
    expect(r.out.displays[1]?.data['image/svg+xml']).toMatch(/^<svg[^>]*>.*Histogram of 4 values/);
    expect(r.out.displays[2]?.data['image/svg+xml']).toContain('<polyline');
  });

  it('completes provided names and members along a dotted path', async () => {
    const k = new KernelCore({ itk: { readImage: () => null, readDicomSeries: () => null, downsample: () => null } });
    await run(k, 'const myVolume = 1');
    expect(k.complete('itk.rea', 7)).toEqual({ matches: ['readDicomSeries', 'readImage'], cursorStart: 4, cursorEnd: 7 });
    expect(k.complete('my', 2).matches).toEqual(['myVolume']);
    expect(k.complete('disp', 4).matches).toEqual(['display']);
    expect(k.complete('Math.fl', 7).matches).toEqual(['floor']);
  });

  it('tells complete, incomplete and invalid input apart', () => {
    const k = new KernelCore();
    expect(k.isComplete('const a = 1')).toBe('complete');
    expect(k.isComplete('function f() {')).toBe('incomplete');
    expect(k.isComplete('const = 1')).toBe('invalid');
  });

  it('warms up without running or counting anything', async () => {
    const k = new KernelCore({ itk: { readImage: () => null } });
    const before = Object.keys(k.scope).sort();
    k.warmUp();
    // Nothing declared (the warm-up cells declare size, label and image).
    expect(Object.keys(k.scope).sort()).toEqual(before);
    // Numbered from 1: an error raised in the first real cell's function names cell [1].
    await run(k, 'function explode() {\n  throw new RangeError("too far")\n}');
    expect((await run(k, 'explode()')).error?.join('\n')).toMatch(/cell \[1\], line 2:/);
  });
});
