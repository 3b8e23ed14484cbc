import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { ICourseHost, IDatasetFile, IVariantInfo, RecordedAnswer } from '../core/course.js';
import { IMAGE_EXTENSIONS, type IBinaryFile } from '../core/itk.js';
import { originOf } from './teaching-data/provenance.js';

export interface INodeCourseHostOptions {
  /** Declared datasets by id (see datasets.ts); ids not declared are looked for as `<id>.<image extension>` under `datasetsDir`. */
  declared?: ReadonlyMap<string, string>;
  datasetsDir: string;
  /** Folder `course.file(path)` reads relative paths from (the notebook's folder). */
  workspaceDir: string;
  /**
   * Where `course.writeFile` writes, and where `course.file`/`course.module` look first: a
   * scratch folder laid over the notebook's, so running a lesson from the repository never
   * writes into it. Without it, writes go to `workspaceDir` itself.
   */
  writeDir?: string;
  /** The variant this run works on: `course.variant()` returns it, and its datasets carry its tag. */
  variant?: IVariantInfo | null;
}

/** `course.*` under Node: datasets and files from disk, answers collected in memory. */
export class NodeCourseHost implements ICourseHost {
  readonly recorded = new Map<string, RecordedAnswer>();

  constructor(private readonly options: INodeCourseHostOptions) {}

  async dataset(id: string): Promise<IDatasetFile> {
    const declared = this.options.declared?.get(id);
    if (declared && !existsSync(declared)) throw new Error(`dataset "${id}" is declared but ${declared} is missing (run the setup that fetches the teaching data)`);
    const found = declared ?? findDataset(this.options.datasetsDir, id);
    if (!found) throw new Error(`dataset "${id}" is not declared in any curriculum/*/datasets.yaml and was not found in ${this.options.datasetsDir}`);
    const file: IDatasetFile = { path: basename(found), data: new Uint8Array(await readFile(found)) };
    // Setup's provenance.json, next to the files, says whether a generated phantom stands in.
    if (originOf(dirname(found), basename(found)) === 'phantom') file.phantom = true;
    const variant = this.options.variant;
    if (variant && variant.datasets.includes(id)) file.variant = variant.tag;
    return file;
  }

  async variant(): Promise<IVariantInfo | null> {
    return this.options.variant ?? null;
  }

  async file(path: string): Promise<IBinaryFile> {
    const written = this.options.writeDir && !isAbsolute(path) ? resolve(this.options.writeDir, path) : null;
    const full = written && existsSync(written) ? written : isAbsolute(path) ? path : resolve(this.options.workspaceDir, path);
    if (!existsSync(full)) throw new Error(`"${path}" not found next to the notebook (${this.options.workspaceDir})`);
    return { path: basename(full), data: new Uint8Array(await readFile(full)) };
  }

  async writeFile(path: string, text: string, overwrite: boolean): Promise<boolean> {
    const root = this.options.writeDir ?? this.options.workspaceDir;
    const full = resolve(root, path);
    // The kernel core refuses ".." already; this keeps any other route inside the folder too.
    if (!full.startsWith(resolve(root) + '/')) throw new Error(`course.writeFile: "${path}" is outside the notebook's folder`);
    if (!overwrite && (existsSync(full) || existsSync(resolve(this.options.workspaceDir, path)))) return false;
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text, 'utf8');
    return true;
  }

  answered(itemId: string, answer: RecordedAnswer): void {
    this.recorded.set(itemId, answer);
  }
}

function findDataset(dir: string, id: string): string | null {
  if (!existsSync(dir)) return null;
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    // Hidden references (assessments' graders) never load as datasets, even when named.
    if (statSync(full).isDirectory()) {
      if (name === 'hidden') continue;
      const inner = findDataset(full, id);
      if (inner) return inner;
    } else if ([...IMAGE_EXTENSIONS, '.tar'].some((ext) => name.toLowerCase() === id.toLowerCase() + ext)) {
      return full;
    }
  }
  return null;
}
