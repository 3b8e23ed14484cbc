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
 * The curriculum check grades every lesson's content (half the suite's time, CPU-bound in two
 * worker threads of its own). It runs in a vitest process of its own, beside the rest of the
 * unit suite and the Node 24 run, whose files mostly wait on servers, clusters and sockets.
 * Its output goes to test-results/curriculum-lessons.log and is printed when it ends. The
 * server pools time a worker's start apart from its task (TaskPool), so the busy cores do not
 * turn into task time-outs.
 */
function startCurriculumCheck() {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const logPath = join(ROOT, 'test-results', 'curriculum-lessons.log');
  const log = createWriteStream(logPath);
  const done = new Promise((resolveOpen) => log.on('open', resolveOpen))
    .then(() => run(npx('vitest'), ['run', CURRICULUM], { stdio: ['ignore', log, log] }))
    .then(() => null, (err) => err);
  return async () => {
    const failed = await done;
    await new Promise((resolveEnd) => log.end(resolveEnd));
    say('the curriculum check:');
    process.stdout.write(readFileSync(logPath));
    if (failed) throw failed;
  };
}

async function main() {
  await setup();
  say('type check…');
  await run('npm', ['run', '--silent', 'typecheck']);
  say('lint…');
  await run(npx('eslint'), ['--max-warnings', '0', '.']);
  say(`unit and integration tests, the curriculum check beside them (test-results/curriculum-lessons.log)…`);
  const curriculumChecked = startCurriculumCheck();
  const rest = await run(npx('vitest'), ['run', '--exclude', CURRICULUM]).then(() => null, (err) => err);
  // CI also runs them on Node 24 LTS (the project supports Node 20.19+, 22 and 24; see engines),
  // all but the curriculum check: it grades content, the same on any Node; the Node kernel it
  // runs on is covered by kernel/test on Node 24 too.
  const node24 = !rest && (process.env.CI || process.env.VOXEL_NODE24) ? await run(process.execPath, ['scripts/node24.mjs', '--exclude', CURRICULUM]).then(() => null, (err) => err) : null;
  await curriculumChecked();
  if (rest) throw rest;
  if (node24) throw node24;
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
