// `npm test`: everything a change must pass, in order of speed: build (through setup),
// type check, lint, unit/integration tests, the abuse suite (fuzz + soak on the real server
// process), then end-to-end tests on a real hub + browser.
import { join } from 'node:path';
import { ROOT, run, say } from './lib.mjs';
import { setup } from './setup.mjs';

const npx = (bin) => join(ROOT, 'node_modules', '.bin', bin);

async function main() {
  await setup();
  say('type check…');
  await run('npm', ['run', '--silent', 'typecheck']);
  say('lint…');
  await run(npx('eslint'), ['--max-warnings', '0', '.']);
  say('unit and integration tests…');
  await run(npx('vitest'), ['run']);
  // CI also runs them on Node 24 LTS (the project supports Node 20.19+, 22 and 24; see engines),
  // all but the curriculum check: it grades content (4 variants per lesson here, ~15 min on two
  // cores; the full sweep is `npm run test:curriculum`), the same on any Node;
  // the Node kernel it runs on is covered by kernel/test on Node 24 too.
  if (process.env.CI || process.env.VOXEL_NODE24) await run(process.execPath, ['scripts/node24.mjs', '--exclude', 'test/curriculum-lessons.test.ts']);
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
