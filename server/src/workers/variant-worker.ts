import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { workerData } from 'node:worker_threads';
import type { VariantInfo } from '@voxel-academy/protocol';
import { readNifti, writeNifti } from '../imaging/nifti.js';
import { applySteps } from '../variants/derive.js';
import type { Bindings } from '../variants/expression.js';
import type { DerivationStep } from '../variants/spec.js';
import { workerTask } from './worker-task.js';

/**
 * Variant work off the event loop: deriving a learner's dataset from the real data (a few
 * hundred ms to a few s), and running a notebook — the lesson's reference solution, or the
 * notebook that makes a hidden reference — on the Node kernel against that variant (seconds
 * to a minute). The kernel and itk-wasm are loaded only by workers that run notebooks.
 */
export type VariantRequest =
  | { type: 'derive'; input: string; output: string; steps: DerivationStep[]; bindings: Bindings; seed: number }
  | {
      type: 'notebook';
      notebook: string;
      datasets: Record<string, string>;
      variant: VariantInfo | null;
      images: Record<string, string>;
      lesson: string;
      /** Also return what the cells printed and showed as text (the curriculum check reads it like a learner). */
      outputs?: boolean;
    };

export interface IDeriveResult {
  bytes: number;
  sha256: string;
}

/** What a notebook run recorded: plain answers by item id, and the image answers written to files. */
export interface INotebookResult {
  answers: Record<string, unknown>;
  images: string[];
  failure: { cell: number; ename: string; evalue: string } | null;
  ms: number;
  /** Per code cell: its streams, its results' text and the text of its figures (when asked for). */
  outputs?: string[];
}

/** The text a learner can read in an output: plain text, and the labels of SVG figures. */
function readable(bundle: { data: Record<string, unknown> } | null): string {
  if (!bundle) return '';
  const plain = typeof bundle.data['text/plain'] === 'string' ? bundle.data['text/plain'] : '';
  const svg = typeof bundle.data['image/svg+xml'] === 'string' ? bundle.data['image/svg+xml'] : '';
  const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
  return `${plain}\n${labels}`;
}

const limits = workerData as { maxDecodedBytes: number };

function writeAtomically(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.part`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

async function derive(request: Extract<VariantRequest, { type: 'derive' }>): Promise<IDeriveResult> {
  const input = readNifti(new Uint8Array(await readFile(request.input)), { maxCompressedBytes: Number.MAX_SAFE_INTEGER, maxDecodedBytes: limits.maxDecodedBytes });
  const volume = applySteps(input, request.steps, request.bindings, request.seed);
  // Fast gzip: variants are made on a learner's first open, and served once or twice.
  const bytes = writeNifti(volume, { gzip: true, dimensions: volume.size[2] === 1 ? 2 : 3 });
  writeAtomically(request.output, bytes);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function notebook(request: Extract<VariantRequest, { type: 'notebook' }>): Promise<INotebookResult> {
  const started = performance.now();
  const { runNotebook } = await import('@voxel-academy/kernel/notebook');
  const { nodeItkBackend } = await import('@voxel-academy/kernel/node');
  const run = await runNotebook(request.notebook, {
    datasetsDir: dirname(request.notebook),
    declared: new Map(Object.entries(request.datasets)),
    variant: request.variant,
    lesson: request.lesson
  });
  const answers: Record<string, unknown> = {};
  const images: string[] = [];
  for (const [itemId, answer] of run.answers) {
    if (answer.type !== 'image') {
      answers[itemId] = answer;
      continue;
    }
    const out = request.images[itemId];
    if (out === undefined) continue;
    writeAtomically(out, await nodeItkBackend.writeImage(answer.image, `${itemId}.nii.gz`));
    images.push(itemId);
  }
  const f = run.failure;
  const result: INotebookResult = { answers, images, failure: f ? { cell: f.cell, ename: f.ename, evalue: f.evalue } : null, ms: performance.now() - started };
  if (request.outputs) result.outputs = run.outputs.map((o) => [o.stdout, o.stderr, readable(o.result), ...o.displays.map(readable)].join('\n'));
  return result;
}

/** One task per call (piscina); failures come back as data (see worker-task.ts). */
export default workerTask<VariantRequest, IDeriveResult | INotebookResult>((request) => (request.type === 'derive' ? derive(request) : notebook(request)));
