import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A grader kind cannot be added without the contract noticing. The real sources are compiled
 * with the TypeScript compiler, once as they are and then with one edit at a time held in
 * memory (a new kind in the protocol, a grader or content schema for a kind the protocol does
 * not know, a grader asking for the wrong answer shape), and the test names the files that
 * must refuse to compile. The protocol is compiled from source so the edits take effect.
 */

const ROOT = resolve(import.meta.dirname, '..');
const at = (p: string): string => join(ROOT, p);

/** Files that handle every item kind, by package (each compiled with its own tsconfig). */
const SERVER_ROOTS = [
  // The server's ambient declarations for untyped packages (all of them, so a new one is not missed).
  ...readdirSync(at('server/src/types')).filter((f) => f.endsWith('.d.ts')).map((f) => `server/src/types/${f}`),
  'server/src/grading/registry.ts',
  'server/src/assessments/content-schema.ts',
  'server/src/content/check-assessment.ts',
  'server/src/services/grading.ts',
  'kernel/src/core/course.ts',
  'test/support/curriculum-harness.ts'
];
const EXTENSION_ROOTS = ['labextension/src/assessment/inputs.tsx', 'labextension/src/assessment/kernel-answers.ts'];

type Overlay = Record<string, string>;

function edited(path: string, edits: Array<[string, string]>): Overlay {
  let text = readFileSync(at(path), 'utf8');
  for (const [anchor, replacement] of edits) {
    if (!text.includes(anchor)) throw new Error(`${path}: anchor not found: ${anchor}`);
    text = text.replace(anchor, replacement);
  }
  return { [at(path)]: text };
}

/** The last program per tsconfig: unchanged files are reused, so each edit costs seconds. */
const previous = new Map<string, ts.Program>();

function compile(tsconfig: string, roots: string[], overlay: Overlay): Map<string, string[]> {
  const parsed = ts.getParsedCommandLineOfConfigFile(at(tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    composite: false,
    noEmit: true,
    declaration: false,
    incremental: false,
    rootDir: ROOT,
    baseUrl: ROOT,
    // The protocol's source, not its build, so an edit in memory takes effect.
    paths: { '@voxel-academy/protocol': ['protocol/src/index.ts'] },
    types: ['node']
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (file) => overlay[resolve(file)] ?? read(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError) => {
    const text = overlay[resolve(file)];
    return text === undefined ? getSourceFile(file, language, onError) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram({ rootNames: roots.map(at), options, host, oldProgram: previous.get(tsconfig) });
  previous.set(tsconfig, program);
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? relative(ROOT, d.file.fileName) : '(global)';
    errors.set(file, [...(errors.get(file) ?? []), ts.flattenDiagnosticMessageText(d.messageText, ' ')]);
  }
  return errors;
}

async function compileAll(overlay: Overlay): Promise<Map<string, string[]>> {
  const server = compile('server/tsconfig.json', SERVER_ROOTS, overlay);
  // Compiling blocks the thread for seconds: let vitest's messages through in between.
  await new Promise((r) => setImmediate(r));
  const extension = compile('labextension/tsconfig.json', EXTENSION_ROOTS, overlay);
  return new Map([...server, ...extension]);
}

const describeErrors = (errors: Map<string, string[]>): string => [...errors].map(([f, m]) => `${f}: ${m.join(' | ')}`).join('\n');

/** A new kind in the protocol: its public schema, its place in the union and its answer type. */
const NEW_KIND_IN_CONTRACT: Overlay = {
  ...edited('protocol/src/assessment.ts', [
    ["  transform: ItemBase.extend({ kind: z.literal('transform')", "  polygon: ItemBase.extend({ kind: z.literal('polygon') }),\n  transform: ItemBase.extend({ kind: z.literal('transform')"],
    ['  PUBLIC_ITEMS.project\n]);', '  PUBLIC_ITEMS.project,\n  PUBLIC_ITEMS.polygon\n]);']
  ]),
  ...edited('protocol/src/items.ts', [["  project: 'project'\n", "  project: 'project',\n  polygon: 'vector'\n"]])
};

describe('the item-kind contract', () => {
  it('compiles cleanly as it stands (so the failures below are caused by the edits)', async () => {
    const errors = await compileAll({});
    expect(errors.size, describeErrors(errors)).toBe(0);
  }, 180_000);

  it('names every place that must handle a kind added to the protocol', async () => {
    const errors = await compileAll(NEW_KIND_IN_CONTRACT);
    const files = [...errors.keys()];
    expect(files, describeErrors(errors)).toEqual(
      expect.arrayContaining([
        'server/src/grading/registry.ts',
        'server/src/assessments/content-schema.ts',
        'labextension/src/assessment/inputs.tsx'
      ])
    );
    expect(errors.get('server/src/grading/registry.ts')?.join(' ')).toContain('polygon');

    // With its content schema written, the content check is next in line.
    const withContent = await compileAll({
      ...NEW_KIND_IN_CONTRACT,
      ...edited('server/src/assessments/content-schema.ts', [
        ['export const ContentItem = z.discriminatedUnion(\'kind\', [', "const PolygonItem = PUBLIC_ITEMS.polygon.extend({ ...authored, key: z.object({ vertices: z.array(z.number()) }) });\nexport const ContentItem = z.discriminatedUnion('kind', [\n  PolygonItem,"]
      ])
    });
    expect(withContent.has('server/src/content/check-assessment.ts'), describeErrors(withContent)).toBe(true);
    expect(withContent.has('server/src/assessments/content-schema.ts'), describeErrors(withContent)).toBe(false);
  }, 180_000);

  it('refuses a kind declared in the protocol without its answer type', async () => {
    const withoutAnswerType = { ...NEW_KIND_IN_CONTRACT, ...edited('protocol/src/items.ts', []) };
    const errors = await compileAll(withoutAnswerType);
    expect(errors.get('protocol/src/items.ts')?.join(' '), describeErrors(errors)).toMatch(/polygon/);
  }, 180_000);

  it('refuses a grader, or a content schema, for a kind the protocol does not know', async () => {
    const grader = await compileAll(
      edited('server/src/grading/registry.ts', [["  project: gradeProject\n", "  project: gradeProject,\n  polygon: gradeTransform\n"]])
    );
    expect(grader.get('server/src/grading/registry.ts')?.join(' '), describeErrors(grader)).toMatch(/polygon/);

    const content = await compileAll(
      edited('server/src/assessments/content-schema.ts', [
        ['  ProjectItem\n]);', "  ProjectItem,\n  z.object({ id: Slug, prompt: z.string(), weight: z.number().default(1), feedback: Feedback, kind: z.literal('polygon'), key: z.object({}) })\n]);"]
      ])
    );
    expect(content.has('server/src/assessments/content-schema.ts'), describeErrors(content)).toBe(true);
  }, 180_000);

  it('refuses a grader that asks for another answer shape than the contract gives its kind', async () => {
    const errors = await compileAll(edited('server/src/grading/numeric.ts', [["answerOfType(item, answer, 'number')", "answerOfType(item, answer, 'text')"]]));
    expect(errors.has('server/src/grading/numeric.ts'), describeErrors(errors)).toBe(true);
  }, 180_000);
});
