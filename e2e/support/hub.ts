import { createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The same launcher `npm start` uses: the tests run the real configuration.
import { launchHub } from '../../scripts/hub.mjs';
import { freePort } from '../../scripts/lib.mjs';

export const ARTIFACTS = join(process.cwd(), 'test-results');

export interface IRunningHub {
  url: string;
  dataDir: string;
  stop(): Promise<unknown>;
}

/** A real JupyterHub with the course service on a free port and a throwaway data directory. */
export async function startTestHub(name: string, env: Record<string, string> = {}): Promise<IRunningHub> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), `voxel-${name}-`));
  const port = await freePort();
  const hub = await launchHub({ port, dataDir, env, stdio: 'pipe' });
  const log = createWriteStream(join(ARTIFACTS, `${name}-hub.log`));
  hub.child.stdout?.pipe(log);
  hub.child.stderr?.pipe(log);
  try {
    await hub.ready(120_000);
  } catch (err) {
    await hub.stop();
    throw new Error(`${(err as Error).message} — see test-results/${name}-hub.log`);
  }
  return { url: hub.url, dataDir, stop: () => hub.stop() };
}
