import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface IPostgresCluster {
  /** A connection URL for `dbName` (default: the `postgres` maintenance database). */
  url(dbName?: string): string;
  /** A fresh, empty database of its own (so test files can run in parallel); returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Folder of initdb/pg_ctl: on PATH, else `pg_config --bindir`, else Debian's versioned folder
 * (the `postgresql` package puts them in /usr/lib/postgresql/<major>/bin, not on PATH).
 */
function binDir(): string {
  const candidates: Array<() => string> = [
    () => (execFileSync('initdb', ['--version'], { stdio: 'ignore' }), ''),
    () => execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim(),
    () => {
      const majors = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
      return join('/usr/lib/postgresql', majors[0] ?? '', 'bin');
    }
  ];
  for (const candidate of candidates) {
    try {
      const dir = candidate();
      if (dir === '' || existsSync(join(dir, 'initdb'))) return dir;
    } catch {
      // try the next place
    }
  }
  throw new Error('PostgreSQL is not installed: initdb is not on PATH, in pg_config --bindir or /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root: then the binaries run as the Debian package's `postgres` user. */
function asClusterOwner(dir: string): (bin: string, args: string[]) => Promise<unknown> {
  const bins = binDir();
  const path = (bin: string): string => (bins ? join(bins, bin) : bin);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  // cwd: the postgres user may not be allowed into the directory the tests run from.
  return (bin, args) => (isRoot ? run('runuser', ['-u', 'postgres', '--', path(bin), ...args], { cwd: dir }) : run(path(bin), args, { cwd: dir }));
}

/** Clusters this process started and has not stopped yet (folder of each). */
const running = new Set<string>();

/**
 * A test process that ends without its afterAll (an uncaught error, a timeout) must not leave a
 * postmaster behind holding a port and a temp folder: on exit, each one still running gets
 * SIGQUIT (PostgreSQL's immediate shutdown) and its folder is removed. Synchronous, as 'exit'
 * handlers must be.
 */
process.on('exit', () => {
  for (const dir of running) {
    try {
      const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A throwaway PostgreSQL cluster, started the way a person would: initdb into a temp folder,
 * pg_ctl start on a free loopback port with the socket inside that folder (nothing shared with
 * a system cluster). Trust authentication is fine: it listens on 127.0.0.1 only, for the tests'
 * lifetime. fsync is off because durability across an OS crash is not what these tests check.
 */
export async function startPostgres(): Promise<IPostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'voxel-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const exec = asClusterOwner(dir);
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  for (let tries = 0; ; tries++) {
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
    try {
      await exec('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
      break;
    } catch (err) {
      // Another process may have taken the port between the probe and the start.
      if (tries >= 2) throw new Error(`pg_ctl start failed: ${String(err)}\n${safeRead(log)}`);
    }
  }
  running.add(dir);
  const url = (dbName = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${dbName}`;
  let databases = 0;
  return {
    url,
    async createDatabase() {
      const name = `test_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      // Immediate: the cluster is thrown away, there is nothing to flush.
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      running.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}
