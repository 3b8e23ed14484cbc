#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { ContentError } from './content/problems.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function main(): Promise<void> {
  // Everything the server writes (database, uploads, keys) is for its own user only.
  process.umask(0o077);
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const running = await startServer(config, log, version);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    setTimeout(() => process.exit(0), 5000).unref();
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ContentError) {
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
