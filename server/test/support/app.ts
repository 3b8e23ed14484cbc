import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/log.js';
import { startServer, type IRunningServer } from '../../src/server.js';
import type { IStore } from '../../src/store/types.js';
import { testConfig } from './test-config.js';
import { fixtureDatasetsDir } from './fixture-content.js';
import { databaseFor } from './postgres-app.js';

export interface ITestApp extends IRunningServer {
  base: string;
  store: IStore;
  logLines: string[];
  dataDir: string;
}

/** The real server (SQLite file, or PostgreSQL in the postgres tier; worker pool, WebSocket) in a temp folder on a free port. */
export async function startTestApp(hubApiUrl: string, env: Record<string, string> = {}, contentDir?: string): Promise<ITestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-app-'));
  const merged: Record<string, string> = { ACADEMY_DATA_DIR: dataDir, ACADEMY_GRADING_WORKERS: '1', ...(contentDir ? { ACADEMY_CONTENT_DIR: contentDir, ACADEMY_DATASETS_DIR: fixtureDatasetsDir(contentDir) } : {}), ...env };
  // Under test/postgres/vitest.config.ts the same tests run on PostgreSQL (one database per data folder).
  const databaseUrl = merged['DATABASE_URL'] ?? (await databaseFor(merged['ACADEMY_DATA_DIR'] ?? dataDir));
  const config = testConfig(hubApiUrl, databaseUrl ? { ...merged, DATABASE_URL: databaseUrl } : merged);
  const logLines: string[] = [];
  const running = await startServer(config, createLogger('debug', (line) => logLines.push(line)), 'test');
  // The postgres tier means nothing if the server quietly opened the SQLite file.
  if (databaseUrl && running.ctx.store.dialect !== 'postgres') throw new Error(`DATABASE_URL given, but the server opened a ${running.ctx.store.dialect} store`);
  return { ...running, base: running.url, store: running.ctx.store, logLines, dataDir };
}
