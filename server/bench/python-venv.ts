import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The project's venv (JupyterLab, nbclient, ipykernel) and the bench-only one (numpy, scipy). */
export const PROJECT_PYTHON = join(ROOT, process.env['VOXEL_VENV'] ?? '.venv', 'bin', 'python');
const BENCH_VENV = join(ROOT, '.cache', 'bench-venv');
export const SCRIPTS = fileURLToPath(new URL('./python/', import.meta.url));

/**
 * A venv under .cache with the given packages, created on first use from the project's Python
 * (the anchors of the benches need numpy and scipy, which the course server never does).
 */
export function benchPython(packages: string[]): string {
  const python = join(BENCH_VENV, 'bin', 'python');
  const probe = `import ${packages.join(', ')}`;
  if (existsSync(python)) {
    try {
      execFileSync(python, ['-c', probe], { stdio: 'ignore' });
      return python;
    } catch {
      // missing a package: install below
    }
  } else {
    console.log(`  creating ${BENCH_VENV} for the anchors (${packages.join(', ')})…`);
    execFileSync(PROJECT_PYTHON, ['-m', 'venv', '--without-pip', BENCH_VENV], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'ensurepip', '--upgrade'], { stdio: 'inherit' });
  }
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', ...packages], { stdio: 'inherit' });
  return python;
}

/** Runs a Python script of server/bench/python; resolves with its last stdout line parsed as JSON. */
export function runPythonJson<T>(python: string, script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(SCRIPTS, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    // Kept for the error only: ipykernel warns on every start, which is noise in the bench output.
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${script} exited with ${code}: ${err}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}
