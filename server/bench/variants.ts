/**
 * Per-learner variants (issue 10), measured through the real server on the real course and
 * teaching data: a learner's first open of their own dataset (derived in a worker thread and
 * written to the variant cache), the same request once cached, a revalidation (304), and the
 * shared base dataset — side by side in one run — plus the keys: the reference solution run on
 * a variant (first) and read back (cached).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/log.js';
import { startServer } from '../src/server.js';
import { courseOf } from '../src/services/context.js';
import { variantAt } from '../src/services/variants.js';
import { FakeHub } from '../test/support/fake-hub.js';
import type { Browser } from '../test/support/http.js';
import { loginAs } from '../test/support/session.js';
import { SECRET, testConfig } from '../test/support/test-config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COURSE = 'medical-image-analysis';
const API = `/services/academy/api/courses/${COURSE}`;

export interface IDatasetFigures {
  dataset: string;
  lesson: string;
  bytes: number;
  /** A learner's first request: derive, gzip, write, send. */
  firstOpenP50Ms: number;
  firstOpenMaxMs: number;
  /** The same learner again: the cached file. */
  cachedP50Ms: number;
  /** A browser revalidating its copy: 304. */
  notModifiedP50Ms: number;
  /** The shared base dataset (no lesson), same run. */
  baseP50Ms: number;
}

export interface IKeyFigures {
  assessment: string;
  /** The reference solution run on a variant in the notebook worker (first learner of that variant). */
  firstMs: number[];
  /** The keys read back for the same variant. */
  cachedP50Ms: number;
}

export interface IVariantBench {
  datasets: IDatasetFigures[];
  keys: IKeyFigures[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number): number => Math.round(x * 10) / 10;

async function timed(browser: Browser, path: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; bytes: number; etag: string }> {
  const started = performance.now();
  const res = await browser.request('GET', path, { headers });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status, bytes: body.byteLength, etag: res.headers.get('etag') ?? '' };
}

export async function runVariantBench(learnersPerDataset = 6): Promise<IVariantBench> {
  const hub = new FakeHub(SECRET);
  await hub.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-bench-variants-'));
  const config = testConfig(hub.apiUrl, { ACADEMY_DATA_DIR: dataDir, ACADEMY_CONTENT_DIR: ROOT, ACADEMY_DATASETS_DIR: join(ROOT, '.cache', 'datasets') });
  const server = await startServer(config, createLogger('error', () => undefined), 'bench');
  const base = server.url;
  try {
    const datasets: IDatasetFigures[] = [];
    const cases = [
      { lesson: 'multimodal-registration', dataset: 'brain-pd-rotated' },
      { lesson: 'first-analysis-workflow', dataset: 'head-ct' }
    ];
    for (const { lesson, dataset } of cases) {
      const first: number[] = [];
      const cached: number[] = [];
      const revalidated: number[] = [];
      const shared: number[] = [];
      let bytes = 0;
      for (let i = 0; i < learnersPerDataset; i++) {
        const learner = await loginAs(base, hub, { name: `bench-${lesson}-${i}` });
        const url = `${API}/datasets/${dataset}?lesson=${lesson}`;
        const one = await timed(learner, url);
        if (one.status !== 200) throw new Error(`${url}: ${one.status}`);
        first.push(one.ms);
        bytes = one.bytes;
        cached.push((await timed(learner, url)).ms);
        revalidated.push((await timed(learner, url, { 'if-none-match': one.etag, 'cache-control': 'max-age=0' })).ms);
        shared.push((await timed(learner, `${API}/datasets/${dataset}`)).ms);
      }
      datasets.push({
        dataset,
        lesson,
        bytes,
        firstOpenP50Ms: round(median(first)),
        firstOpenMaxMs: round(Math.max(...first)),
        cachedP50Ms: round(median(cached)),
        notModifiedP50Ms: round(median(revalidated)),
        baseP50Ms: round(median(shared))
      });
    }

    const keys: IKeyFigures[] = [];
    const ctx = server.ctx;
    for (const assessmentId of ['multimodal-registration', 'platform-overview']) {
      const course = courseOf(ctx, COURSE);
      const a = course.assessments.get(assessmentId);
      if (!a) throw new Error(`no assessment ${assessmentId}`);
      const firstMs: number[] = [];
      const cachedMs: number[] = [];
      for (const index of [1, 2]) {
        const v = variantAt(ctx.variantSecret, a, index);
        let started = performance.now();
        await ctx.materials.solutionAnswers(course, a, v);
        firstMs.push(round(performance.now() - started));
        for (let r = 0; r < 5; r++) {
          started = performance.now();
          await ctx.materials.solutionAnswers(course, a, v);
          cachedMs.push(performance.now() - started);
        }
      }
      keys.push({ assessment: assessmentId, firstMs, cachedP50Ms: round(median(cachedMs)) });
    }
    return { datasets, keys };
  } finally {
    await server.close();
    await hub.stop();
  }
}
