import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/log.js';
import { startServer, type IRunningServer } from '../../src/server.js';
import type { IStore } from '../../src/store/types.js';
import { testConfig } from './test-config.js';
import { fixtureDatasetsDir } from './fixture-content.js';

export interface ITestApp extends IRunningServer {
  base: string;
  store: IStore;
  logLines: string[];
  dataDir: string;
}

/** The real server (SQLite file, worker pool, WebSocket) in a temp folder on a free port. */
export async function startTestApp(hubApiUrl: string, env: Record<string, string> = {}, contentDir?: string): Promise<ITestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-app-'));
  const config = testConfig(hubApiUrl, { ACADEMY_DATA_DIR: dataDir, ACADEMY_GRADING_WORKERS: '1', ...(contentDir ? { ACADEMY_CONTENT_DIR: contentDir, ACADEMY_DATASETS_DIR: fixtureDatasetsDir(contentDir) } : {}), ...env });
  const logLines: string[] = [];
  const running = await startServer(config, createLogger('debug', (line) => logLines.push(line)), 'test');
  return { ...running, base: running.url, store: running.ctx.store, logLines, dataDir };
}
