import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib.mjs';
import { hubEnv } from './support/test-config.js';
import { runtimeEnv } from './support/runtime-env.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function runMain(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { ...runtimeEnv(), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

// The built server as the hub starts it (`npm test` builds first).
describe('the server process', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run setup\` (npm test does) first`);
  });

  it('refuses to start without configuration and names the variables', async () => {
    const { code, stderr } = await runMain({});
    expect(code).toBe(78);
    expect(stderr).toContain('JUPYTERHUB_API_TOKEN is not set');
    expect(stderr).toContain('JUPYTERHUB_SERVICE_URL is not set');
  });

  it('refuses to start on invalid curriculum, listing the problem', async () => {
    const { code, stderr } = await runMain(hubEnv('http://127.0.0.1:9/hub/api', { ACADEMY_CONTENT_DIR: '/nonexistent' }));
    expect(code).toBe(78);
    expect(stderr).toContain('/nonexistent/curriculum: curriculum folder not found');
  });

  it('starts when the hub is down and reports it on the health endpoint, then stops on SIGTERM', async () => {
    const port = await freePort();
    const env = hubEnv('http://127.0.0.1:9/hub/api', { JUPYTERHUB_SERVICE_URL: `http://127.0.0.1:${port}`, ACADEMY_DATA_DIR: mkdtempSync(join(tmpdir(), 'voxel-main-')) });
    const child = spawn(process.execPath, [MAIN], { env: { ...runtimeEnv(), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('course server listening') && resolve());
        child.on('exit', () => reject(new Error('server exited before listening')));
      });
      const res = await fetch(`http://127.0.0.1:${port}/services/academy/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'degraded', hub: 'unreachable' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
