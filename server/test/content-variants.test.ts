import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load-content.js';
import { ContentError } from '../src/content/problems.js';
import { fixtureContent, fixtureDatasetsDir } from './support/fixture-content.js';

/** The fixture's variant assessment (shift.yaml) with one edit, and the problems it causes. */
async function problemsWith(edit: (yaml: string) => string, also?: (dir: string) => void): Promise<string> {
  const dir = fixtureContent();
  const file = join(dir, 'assessments', 'demo', 'shift.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  also?.(dir);
  const error = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) }).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(ContentError);
  return (error as Error).message;
}

describe('variant content checks', () => {
  it('accepts the fixture as written', async () => {
    const dir = fixtureContent();
    const content = await loadContent(dir, { datasetsDir: fixtureDatasetsDir(dir) });
    expect(content.courses.get('demo')!.assessments.get('shift')!.variant!.pool).toBe(16);
  });

  it('names an unknown parameter in a key and in a step', async () => {
    expect(await problemsWith((y) => y.replace("values: [$tx, $ty]", "values: [$tx, $tz]"))).toMatch(/shift\.yaml at items\[0\]\.key\.values\[1\]: unknown parameter \$tz \(declared: \$tx, \$ty, \$level\)/);
    expect(await problemsWith((y) => y.replace('translateMm: [$tx, $ty]', 'translateMm: [$tx, $nope]'))).toContain('at variant.datasets.blob-moved.steps[0].rigid.translateMm[1]: unknown parameter $nope');
  });

  it('refuses an expression that does not parse', async () => {
    expect(await problemsWith((y) => y.replace("values: [$tx, $ty]", "values: [$tx, '$ty +']"))).toContain('items[0].key.values[1]: not a number or an expression');
  });

  it('refuses a hidden parameter or an unknown name in a prompt', async () => {
    expect(await problemsWith((y) => y.replace('at least {level}?', 'at least {tx}?'))).toContain('items[1].prompt: {tx}: $tx is not public (public: true shows it to learners)');
    expect(await problemsWith((y) => y.replace('at least {level}?', 'at least {lvl}?'))).toContain('{lvl}: no public parameter "lvl"');
  });

  it('refuses a variant of an undeclared dataset or from an undeclared one', async () => {
    expect(await problemsWith((y) => y.replace('    blob-moved:\n', '    no-such-data:\n'))).toContain('dataset "no-such-data" is not declared');
    expect(await problemsWith((y) => y.replace('from: blob\n', 'from: nowhere\n'))).toContain('variant.datasets.blob-moved.from: dataset "nowhere" is not declared');
  });

  it('needs the reference solution for keys computed from it', async () => {
    const message = await problemsWith((y) => y, (dir) => rmSync(join(dir, 'assessments', 'demo', 'solutions', 'lesson-shift.ipynb')));
    expect(message).toMatch(/items\[1\]\.key\.value: from-solution needs the reference solution .*lesson-shift\.ipynb/);
  });

  it('refuses parameters in an assessment without a variant, and malformed parameter specs', async () => {
    const noVariant = await problemsWith((y) => y.replace(/variant:[\s\S]*?items:/, 'items:'));
    expect(noVariant).toContain('"$tx" uses parameters, but the assessment declares no variant');
    expect(await problemsWith((y) => y.replace('uniform: [2, 6]', 'uniform: [6, 2]'))).toContain('uniform: [low, high] needs low < high');
    expect(await problemsWith((y) => y.replace('level: {', 'Level: {'))).toContain('parameter names are lower-case');
  });
});
