// `npm test`: everything a change must pass, in order of speed: build (through setup),
// type check, lint, unit/integration tests, the abuse suite (fuzz + soak on the real server
// process), then end-to-end tests on a real hub + browser.
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run, say } from './lib.mjs';
import { setup } from './setup.mjs';

const npx = (bin) => join(ROOT, 'node_modules', '.bin', bin);

const CURRICULUM = 'test/curriculum-lessons.test.ts';

/**
 * The unit and integration suite, with the curriculum check (a third of the suite's time, CPU
 * in two worker threads of its own) in a second vitest process beside the rest: vitest runs one
 * file at a time on two cores, and most other files wait on servers, clusters and sockets. The
 * check's output goes to test-results/curriculum-lessons.log and is printed when it ends.
 */
async function unitTests() {
  say(`unit and integration tests, with the curriculum check beside them (test-results/curriculum-lessons.log)…`);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const logPath = join(ROOT, 'test-results', 'curriculum-lessons.log');
  const log = createWriteStream(logPath);
  await new Promise((resolveOpen) => log.on('open', resolveOpen));
  const curriculum = run(npx('vitest'), ['run', CURRICULUM], { stdio: ['ignore', log, log] }).then(() => null, (err) => err);
  const rest = await run(npx('vitest'), ['run', '--exclude', CURRICULUM]).then(() => null, (err) => err);
  const checked = await curriculum;
  log.end();
  say('the curriculum check:');
  process.stdout.write(readFileSync(logPath));
  if (rest) throw rest;
  if (checked) throw checked;
}

async function main() {
  await setup();
  say('type check…');
  await run('npm', ['run', '--silent', 'typecheck']);
  say('lint…');
  await run(npx('eslint'), ['--max-warnings', '0', '.']);
  await unitTests();
  // CI also runs them on Node 24 LTS (the project supports Node 20.19+, 22 and 24; see engines),
  // all but the curriculum check: it grades content (about 20 min on two cores), the same on any
  // Node; the Node kernel it runs on is covered by kernel/test on Node 24 too.
  if (process.env.CI || process.env.VOXEL_NODE24) await run(process.execPath, ['scripts/node24.mjs', '--exclude', CURRICULUM]);
  say('abuse suite: 10,500 generated requests on every route and role, then a soak with two kill -9…');
  await run(npx('vitest'), ['run', '--config', 'server/test/abuse/vitest.config.ts']);
  say('end-to-end tests (real JupyterHub, JupyterLab and chromium)…');
  await run(npx('vitest'), ['run', '--config', 'e2e/vitest.config.ts']);
  say('all tests passed. Screenshots and hub logs are in test-results/.');
}

main().catch((err) => {
  process.stderr.write(`\n[voxel] ${err.message}\n`);
  process.exit(1);
});
