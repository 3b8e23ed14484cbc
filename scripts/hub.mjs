// Starts JupyterHub (with its proxy and the course service) from the project's venv.
// Used by `npm start` and by the end-to-end tests, so both run the very same configuration.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, VENV, freePort, waitForHttp } from './lib.mjs';

/**
 * @param {object} options
 * @param {number} options.port public port of the hub proxy
 * @param {string} options.dataDir where the hub database, secrets and learners' homes live
 * @param {Record<string,string>} [options.env] extra environment (VOXEL_*, ACADEMY_*)
 * @param {'inherit'|'pipe'} [options.stdio]
 */
export async function launchHub({ port, dataDir, env = {}, stdio = 'inherit' }) {
  const absData = resolve(ROOT, dataDir);
  mkdirSync(absData, { recursive: true });
  // Internal ports are picked fresh so a test hub and a dev hub never collide.
  const [hubPort, proxyApiPort, academyPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const childEnv = {
    ...process.env,
    PATH: `${join(VENV, 'bin')}:${process.env.PATH}`,
    VOXEL_ROOT: ROOT,
    VOXEL_VENV: VENV,
    VOXEL_DATA_DIR: absData,
    VOXEL_PORT: String(port),
    VOXEL_HUB_PORT: String(hubPort),
    VOXEL_PROXY_API_PORT: String(proxyApiPort),
    VOXEL_ACADEMY_PORT: process.env.VOXEL_ACADEMY_PORT || String(academyPort),
    VOXEL_PROXY_COMMAND: join(ROOT, 'node_modules', '.bin', 'configurable-http-proxy'),
    VOXEL_NODE: process.execPath,
    ...env
  };
  const child = spawn(join(VENV, 'bin', 'jupyterhub'), ['-f', join(ROOT, 'deploy', 'jupyterhub_config.py')], {
    cwd: absData,
    env: childEnv,
    stdio: stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    // Own process group: stop() can reach the hub even if it ignores the first signal.
    detached: true
  });
  let exited = false;
  const exitPromise = new Promise((r) => child.once('exit', (code, signal) => {
    exited = true;
    r({ code, signal });
  }));
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    child,
    exited: exitPromise,
    isAlive: () => !exited,
    async ready(timeoutMs = 90_000) {
      await waitForHttp(`${url}/hub/health`, { timeoutMs, isAlive: () => !exited });
      await waitForHttp(`${url}/services/academy/api/health`, { timeoutMs, isAlive: () => !exited });
    },
    /** SIGTERM lets the hub stop the proxy, the service and every learner's server it started. */
    async stop(graceMs = 20_000) {
      if (exited) return exitPromise;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, graceMs);
      const result = await exitPromise;
      clearTimeout(timer);
      return result;
    }
  };
}
