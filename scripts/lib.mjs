// Shared helpers for the setup/start/test scripts. Node built-ins only: these run before
// `npm install` has happened on a fresh machine.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const VENV = resolve(ROOT, process.env.VOXEL_VENV || '.venv');

export function say(message) {
  process.stdout.write(`\x1b[36m[voxel]\x1b[0m ${message}\n`);
}

/** Runs a command with inherited output; rejects with the command line on failure. */
export function run(cmd, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('error', (err) => reject(new Error(`could not run ${cmd}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

const SKIP_NAMES = new Set(['node_modules', 'dist', 'lib', '__pycache__', '.venv', '.data']);
// Build output that lives inside a source folder.
const SKIP_PATHS = new Set([join(ROOT, 'labextension', 'voxel_academy', 'labextension')]);

/** A content hash over files and folders (recursively, skipping build output). */
export function hashOf(paths) {
  const hash = createHash('sha256');
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        const child = join(path, name);
        if (!SKIP_NAMES.has(name) && !SKIP_PATHS.has(child)) visit(child);
      }
    } else {
      hash.update(path.slice(ROOT.length));
      hash.update(readFileSync(path));
    }
  };
  for (const p of paths) visit(resolve(ROOT, p));
  return hash.digest('hex');
}

/** Resolves with a port the OS says is free on loopback right now. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** True when something already listens on host:port. */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', (err) => resolvePromise(err.code === 'EADDRINUSE' || err.code === 'EACCES'));
    server.listen(port, host, () => server.close(() => resolvePromise(false)));
  });
}

/** Polls a URL until it answers 2xx or the time is up (a 404 from the proxy means not routed yet). */
export async function waitForHttp(url, { timeoutMs = 60_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`gave up waiting for ${url}: the process exited`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s (${last})`);
}

/**
 * The first folder on the way to `path` (symlinks resolved) that users other than its owner
 * cannot traverse, or null. As root, learners' servers run as their own system users, who must
 * reach the venv and the Python it was made from.
 */
export function closedToOthers(path) {
  let real;
  try {
    real = realpathSync(path);
  } catch {
    return null;
  }
  const chain = [];
  for (let p = real; ; p = dirname(p)) {
    chain.unshift(p);
    if (p === dirname(p)) break;
  }
  return chain.find((p) => statSync(p).isDirectory() && (statSync(p).mode & 0o001) === 0) ?? null;
}
