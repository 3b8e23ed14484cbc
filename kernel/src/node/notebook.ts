import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IVariantInfo, RecordedAnswer } from '../core/course.js';
import { createKernel, type IMimeBundle } from '../index-common.js';
import { nodeItkBackend } from '../index-node.js';
import { NodeCourseHost } from './course-host.js';

export interface ICellFailure {
  notebook: string;
  /** 1-based position among all cells, as JupyterLab counts them. */
  cell: number;
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface INotebookRun {
  notebook: string;
  codeCells: number;
  outputs: { cell: number; stdout: string; stderr: string; displays: IMimeBundle[]; result: IMimeBundle | null }[];
  failure: ICellFailure | null;
  /** Answers the cells recorded with `course.answer`, by item id (the last one per item wins, as on Submit). */
  answers: Map<string, RecordedAnswer>;
}

interface INotebookJson {
  cells: { cell_type: string; source: string | string[] }[];
}

export interface IRunOptions {
  datasetsDir: string;
  declared?: ReadonlyMap<string, string>;
  /** The variant the notebook runs on (declared maps its personal datasets to the variant files). */
  variant?: IVariantInfo | null;
  /** The lesson the notebook belongs to (for messages). */
  lesson?: string;
}

/** Runs a notebook's code cells in order in a fresh kernel; stops at the first error. */
export async function runNotebook(path: string, options: IRunOptions): Promise<INotebookRun> {
  const json = JSON.parse(await readFile(path, 'utf8')) as INotebookJson;
  if (!Array.isArray(json.cells)) throw new Error(`${path} is not a notebook (no cells)`);
  // Files the notebook writes (course.writeFile) go to a scratch folder over the notebook's, as
  // in a fresh workspace: a run never changes the repository, and no run sees another's files.
  const scratch = await mkdtemp(join(tmpdir(), 'voxel-workspace-'));
  try {
    return await runCells(path, json, new NodeCourseHost({ ...options, workspaceDir: dirname(path), writeDir: scratch }));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function runCells(path: string, json: INotebookJson, host: NodeCourseHost): Promise<INotebookRun> {
  const kernel = createKernel({ itk: nodeItkBackend, course: host });
  const run: INotebookRun = { notebook: path, codeCells: 0, outputs: [], failure: null, answers: host.recorded };
  for (const [index, cell] of json.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    const code = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (!code.trim()) continue;
    run.codeCells++;
    const out = { cell: index + 1, stdout: '', stderr: '', displays: [] as IMimeBundle[], result: null as IMimeBundle | null };
    run.outputs.push(out);
    const outcome = await kernel.execute(code, {
      stream: (name, text) => {
        out[name] += text;
      },
      display: (bundle) => out.displays.push(bundle)
    });
    if (outcome.status === 'error') {
      run.failure = { notebook: path, cell: index + 1, ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
      break;
    }
    out.result = outcome.result;
  }
  return run;
}

/** Every notebook under a folder, in name order (dot folders and node_modules skipped). */
export function notebooksUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (name.startsWith('.') || name === 'node_modules') return [];
      if (statSync(full).isDirectory()) return notebooksUnder(full);
      return name.endsWith('.ipynb') ? [full] : [];
    });
}
