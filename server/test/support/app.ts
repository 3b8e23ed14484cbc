import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type IBuiltApp } from '../../src/app.js';
import { loadContent } from '../../src/content/load-content.js';
import { EventHub } from '../../src/live/event-hub.js';
import { createLogger } from '../../src/log.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { PooledImageWork } from '../../src/workers/image-work.js';
import { listen } from './http.js';
import { testConfig } from './test-config.js';

export interface ITestApp extends IBuiltApp {
  base: string;
  store: SqliteStore;
  events: EventHub;
  logLines: string[];
  dataDir: string;
  close(): Promise<void>;
}

/** The real app on a real SQLite file in a temp folder, listening on a free port. */
export async function startTestApp(hubApiUrl: string, env: Record<string, string> = {}, contentDir?: string): Promise<ITestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-app-'));
  const config = testConfig(hubApiUrl, { ACADEMY_DATA_DIR: dataDir, ...(contentDir ? { ACADEMY_CONTENT_DIR: contentDir } : {}), ...env });
  const logLines: string[] = [];
  const log = createLogger('debug', (line) => logLines.push(line));
  const content = await loadContent(config.contentDir);
  const store = new SqliteStore(join(dataDir, 'academy.sqlite'));
  const images = new PooledImageWork(1, { maxCompressedBytes: config.maxUploadBytes, maxDecodedBytes: config.maxImageBytes });
  const events = new EventHub();
  const built = buildApp({ config, content, log, version: 'test', store, images, events });
  const server = await listen(built.app);
  return {
    ...built,
    base: server.base,
    store,
    events,
    logLines,
    dataDir,
    async close() {
      await server.close();
      await images.close();
      store.close();
    }
  };
}
