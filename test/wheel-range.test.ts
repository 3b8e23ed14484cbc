import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The wheel says which JupyterLab it works with, and that range matches the JupyterLab packages
 * the extension is built against (a prebuilt extension shares JupyterLab's own copies at run
 * time, so it loads only in the minor version those ranges allow).
 */
const ROOT = resolve(import.meta.dirname, '..');

describe('the labextension wheel', () => {
  it('declares the JupyterLab minor version its shared packages are built for, and the pinned one is in it', () => {
    const pyproject = readFileSync(join(ROOT, 'labextension', 'pyproject.toml'), 'utf8');
    const range = /"jupyterlab>=(\d+)\.(\d+)\.0,<(\d+)\.(\d+)"/.exec(pyproject);
    expect(range, 'pyproject.toml dependencies should name a jupyterlab range').not.toBeNull();
    const [, major, minor, nextMajor, nextMinor] = (range ?? []).map(Number);
    expect([nextMajor, nextMinor]).toEqual([major, (minor ?? 0) + 1]);

    const deps = (JSON.parse(readFileSync(join(ROOT, 'labextension', 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
    const lab = Object.entries(deps).filter(([name]) => ['@jupyterlab/application', '@jupyterlab/launcher', '@jupyterlab/notebook', '@jupyterlab/rendermime'].includes(name));
    expect(lab.length).toBe(4);
    for (const [name, spec] of lab) expect(spec, name).toMatch(new RegExp(`^~${major}\\.${minor}\\.\\d+$`));

    const pinned = /^jupyterlab==(\d+)\.(\d+)\.\d+$/m.exec(readFileSync(join(ROOT, 'deploy', 'requirements.txt'), 'utf8'));
    expect(pinned?.slice(1).map(Number)).toEqual([major, minor]);
  });
});
