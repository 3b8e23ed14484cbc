import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layout stays easy to live in: no source file over 300 lines, and no import cycle in or
 * between the packages (a cycle makes load order matter and hides a missing seam).
 */

const ROOT = resolve(import.meta.dirname, '..');
const MAX_LINES = 300;
const SOURCE = /\.(ts|tsx|mts|mjs|cjs|js|py|css)$/;
/** Generated or vendored text that nobody edits by hand. */
const GENERATED = [/^server\/drizzle\//, /\/fixtures\//, /\.d\.ts$/];

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\n').filter((f) => f && existsSync(join(ROOT, f)));
}

const sources = trackedFiles().filter((f) => SOURCE.test(f) && !GENERATED.some((g) => g.test(f)));

/** Where each workspace package's entry points live in source. */
const PACKAGES: Record<string, string> = {
  '@voxel-academy/protocol': 'protocol/src/index.ts',
  '@voxel-academy/protocol/limits': 'protocol/src/limits.ts',
  '@voxel-academy/kernel': 'kernel/src/index.ts',
  '@voxel-academy/kernel/node': 'kernel/src/index-node.ts',
  '@voxel-academy/kernel/display': 'kernel/src/core/viewer-payload.ts',
  '@voxel-academy/kernel/notebook': 'kernel/src/node/notebook.ts'
};

function resolveImport(from: string, specifier: string): string | null {
  if (PACKAGES[specifier]) return PACKAGES[specifier];
  if (!specifier.startsWith('.')) return null;
  const base = join(dirname(from), specifier).replace(/\.(m?js)$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.mjs`, join(base, 'index.ts')]) {
    if (existsSync(join(ROOT, candidate))) return relative(ROOT, join(ROOT, candidate));
  }
  return null;
}

function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    graph.set(file, [...new Set(info.importedFiles.map((i) => resolveImport(file, i.fileName)).filter((f): f is string => f !== null))]);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe('layout', () => {
  it(`keeps every source file at ${MAX_LINES} lines or fewer`, () => {
    expect(sources.length).toBeGreaterThan(100);
    const long = sources
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.f}: ${x.lines} lines`);
    expect(long).toEqual([]);
  });

  it('has no import cycles', () => {
    const code = sources.filter((f) => /\.(ts|tsx|mts|mjs)$/.test(f));
    const graph = importGraph(code);
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one (so the check above can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts', 'd.ts']]
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]);
  });
});
