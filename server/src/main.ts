#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { CurriculumError, loadCatalog } from './curriculum/load-catalog.js';
import { createLogger } from './log.js';

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const catalog = await loadCatalog(config.curriculumDir);
  const app = buildApp({ config, catalog, log, version });

  const server: Server = app.listen(config.listenPort, config.listenHost);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  log.info('course server listening', {
    url: `http://${config.listenHost}:${config.listenPort}${config.servicePrefix}`,
    courses: catalog.courses.map((c) => c.id)
  });

  const shutdown = (signal: string): void => {
    log.info('shutting down', { signal });
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof CurriculumError) {
    process.stderr.write(`voxel-academy-server: ${err.message}\n`);
    process.exit(78); // EX_CONFIG: the hub log shows the message; retrying will not help.
  }
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    process.stderr.write(`voxel-academy-server: port already in use (${err.message}). Is another course server running?\n`);
    process.exit(1);
  }
  process.stderr.write(`voxel-academy-server: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
