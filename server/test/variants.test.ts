import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentVariants, LessonVariant, PublicAssessment, SubmissionResult } from '@voxel-academy/protocol';
import { readNifti, writeNifti } from '../src/imaging/nifti.js';
import type { IVolume } from '../src/imaging/volume.js';
import { drawParameters, variantIndex } from '../src/variants/draw.js';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent } from './support/fixture-content.js';
import type { Browser } from './support/http.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';

/**
 * Per-learner variants through the real server: the fixture's `shift` assessment moves a 2D
 * blob by a secret (tx, ty) per learner, asks for a count at a public `{level}`, and grades a
 * mask against a hidden reference made by a notebook on the Node kernel (worker thread).
 */
const API = '/services/academy/api/courses/demo';
const SECRET_HEX = '5'.repeat(64);
const secret = Buffer.from(SECRET_HEX, 'hex');
const ID = { course: 'demo', assessment: 'shift' };

/** Two learner names whose variants differ (the pool has 16): found, not hoped for. */
function twoLearners(): [string, string] {
  const names = Array.from({ length: 20 }, (_, i) => `learner${i}`);
  const first = names[0]!;
  const other = names.find((n) => variantIndex(secret, ID, n, 0, 16) !== variantIndex(secret, ID, first, 0, 16));
  return [first, other!];
}

function centroid(v: IVolume): [number, number] {
  const nx = v.size[0];
  let s = 0;
  let x = 0;
  let y = 0;
  v.data.forEach((value, i) => {
    s += value;
    x += (i % nx) * value;
    y += Math.floor(i / nx) * value;
  });
  return [x / s, y / s];
}

/** What a learner who does the work submits: measured on the data the server gave them. */
async function doTheWork(browser: Browser): Promise<Record<string, unknown>> {
  const info = (await (await browser.get(`${API}/lessons/lesson-shift/variant`)).json()) as LessonVariant;
  const level = Number(info.variant!.parameters['level']);
  const limits = { maxCompressedBytes: 1e8, maxDecodedBytes: 1e8 };
  const base = readNifti(new Uint8Array(await (await browser.get(`${API}/datasets/blob`)).arrayBuffer()), limits);
  const moved = readNifti(new Uint8Array(await (await browser.get(`${API}/datasets/blob-moved?lesson=lesson-shift`)).arrayBuffer()), limits);
  const [ax, ay] = centroid(base);
  const [bx, by] = centroid(moved);
  const mask = Uint8Array.from(moved.data, (v) => (v >= level ? 1 : 0));
  const up = await browser.post('/services/academy/api/uploads', writeNifti({ ...moved, data: mask }, { gzip: true, dimensions: 2 }));
  const { uploadId } = (await up.json()) as { uploadId: string };
  return {
    shift: { type: 'vector', values: [bx - ax, by - ay] },
    'bright-count': { type: 'number', value: mask.reduce((n, v) => n + v, 0) },
    'bright-mask': { type: 'image', uploadId },
    shape: { type: 'choice', selected: ['round'] },
    facts: { type: 'choice', selected: ['keeps-shape', 'keeps-sum'] }
  };
}

describe('per-learner variants', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  let dataDir: string;
  const [ada, bob] = twoLearners();

  beforeAll(async () => {
    await hub.start();
    dataDir = mkdtempSync(join(tmpdir(), 'voxel-variants-'));
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    writeFileSync(join(dataDir, 'keys', 'variant-secret'), SECRET_HEX, { mode: 0o600 });
    app = await startTestApp(hub.apiUrl, { ACADEMY_DATA_DIR: dataDir, ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000' }, fixtureContent());
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('makes the secret on first start, readable by the owner only', async () => {
    const fresh = await startTestApp(hub.apiUrl, {}, fixtureContent());
    try {
      expect(statSync(join(fresh.dataDir, 'keys', 'variant-secret')).mode & 0o777).toBe(0o600);
    } finally {
      await fresh.close();
    }
  });

  it('gives each learner their own data at the same URL, with an ETag, and the shared data without ?lesson', async () => {
    const a = await loginAs(app.base, hub, { name: ada });
    const b = await loginAs(app.base, hub, { name: bob });
    const url = `${API}/datasets/blob-moved?lesson=lesson-shift`;
    const ra = await a.get(url);
    const rb = await b.get(url);
    expect(ra.status).toBe(200);
    const [bytesA, bytesB] = [Buffer.from(await ra.arrayBuffer()), Buffer.from(await rb.arrayBuffer())];
    expect(bytesA.equals(bytesB)).toBe(false);
    expect(ra.headers.get('x-voxel-variant')).toMatch(/^v-[0-9a-f]{6}$/);
    expect(ra.headers.get('x-voxel-variant')).not.toBe(rb.headers.get('x-voxel-variant'));
    expect(ra.headers.get('cache-control')).toBe('private, no-cache');
    // The same learner asking again: the same file, and a 304 when they have it.
    const etag = ra.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    // (fetch adds "Cache-Control: no-cache" to conditional requests unless one is given; a
    // browser revalidating its cached copy sends none.)
    const again = await a.request('GET', url, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    // Outside the lesson everyone gets the course's shared file.
    const sharedA = Buffer.from(await (await a.get(`${API}/datasets/blob-moved`)).arrayBuffer());
    const sharedB = Buffer.from(await (await b.get(`${API}/datasets/blob-moved`)).arrayBuffer());
    expect(sharedA.equals(sharedB)).toBe(true);
    expect(sharedA.equals(bytesA)).toBe(false);
    expect((await a.get(`${API}/datasets/blob-moved?lesson=Not%20a%20lesson`)).status).toBe(400);
  });

  it('shows a learner the public parameters only, in course.variant() and in the prompts', async () => {
    const a = await loginAs(app.base, hub, { name: ada });
    const info = (await (await a.get(`${API}/lessons/lesson-shift/variant`)).json()) as LessonVariant;
    const expected = drawParameters(secret, ID, { policy: 'per-learner', pool: 16, parameters: { level: { integer: [60, 200], public: true } }, datasets: {} }, variantIndex(secret, ID, ada, 0, 16));
    expect(info.variant!.parameters).toEqual({ level: expected['level'] });
    expect(info.variant!.datasets).toEqual(['blob-moved']);
    const view = (await (await a.get(`${API}/assessments/shift`)).json()) as PublicAssessment;
    expect(view.items.find((i) => i.id === 'bright-count')!.prompt).toBe(`How many pixels of blob-moved are at least ${String(expected['level'])}?`);
    expect(view.variant!.tag).toBe(info.variant!.tag);
    expect(view.feedbackPolicy).toEqual({ reveal: 'after-last-attempt', choices: 'right-wrong' });
    const hidden = drawParameters(secret, ID, { policy: 'per-learner', pool: 16, parameters: { tx: { uniform: [2, 6], sign: 'random', decimals: 2, public: false }, ty: { uniform: [2, 6], sign: 'random', decimals: 2, public: false } }, datasets: {} }, variantIndex(secret, ID, ada, 0, 16));
    for (const body of [JSON.stringify(info), JSON.stringify(view)]) {
      expect(body).not.toContain('"tx"');
      expect(body).not.toContain(String(hidden['tx']));
    }
    // A lesson without variants says so.
    expect(((await (await a.get(`${API}/lessons/lesson-one/variant`)).json()) as LessonVariant).variant).toBeNull();
  });

  it('grades each learner on their own variant: own work passes, a neighbour’s answers fail every variant item', async () => {
    const a = await loginAs(app.base, hub, { name: ada });
    const b = await loginAs(app.base, hub, { name: bob });
    const work = await doTheWork(a);
    const mine = (await (await a.post(`${API}/assessments/shift/submissions`, { answers: work })).json()) as SubmissionResult;
    expect(mine.status).toBe('graded');
    expect(mine.score, JSON.stringify(mine.items)).toBe(1);
    expect(mine.variant).toMatch(/^v-/);
    expect(mine.items.find((i) => i.itemId === 'shift')!.feedback).toContain(`Graded on your variant ${mine.variant}`);
    // Bob copies Ada's numbers (not her upload: uploads belong to their owner).
    const copied = { ...work, 'bright-mask': (await doTheWork(b))['bright-mask'] };
    const theirs = (await (await b.post(`${API}/assessments/shift/submissions`, { answers: { ...copied, 'bright-mask': work['bright-mask'] } })).json()) as SubmissionResult;
    for (const id of ['shift', 'bright-count', 'bright-mask']) expect(theirs.items.find((i) => i.itemId === id)!.score, id).toBe(0);
    expect(theirs.passed).toBe(false);
    expect(theirs.variant).not.toBe(mine.variant);
    expect(theirs.items.find((i) => i.itemId === 'shift')!.feedback).toContain(`Graded on your variant ${theirs.variant}`);
  });

  it('gives no credit to answers the notebook recorded on another variant, and says which variant the grade is on', async () => {
    const a = await loginAs(app.base, hub, { name: ada });
    const answers = await doTheWork(a);
    const res = (await (await a.post(`${API}/assessments/shift/submissions`, { answers, variant: 'v-000000' })).json()) as SubmissionResult;
    const shift = res.items.find((i) => i.itemId === 'shift')!;
    expect(shift.score).toBe(0);
    expect(shift.feedback).toContain('on variant v-000000, but this attempt is graded on your variant');
    // Items that do not vary are graded as usual.
    expect(res.items.find((i) => i.itemId === 'shape')!.score).toBe(1);
  });

  it('reveals the accepted answers only after the last attempt, and choice feedback is right/wrong only', async () => {
    const c = await loginAs(app.base, hub, { name: 'carol' });
    const wrong = { shift: { type: 'vector', values: [0, 0] }, facts: { type: 'choice', selected: ['keeps-shape', 'scales'] } };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const res = (await (await c.post(`${API}/assessments/shift/submissions`, { answers: wrong })).json()) as SubmissionResult;
      const shift = res.items.find((i) => i.itemId === 'shift')!;
      const facts = res.items.find((i) => i.itemId === 'facts')!;
      expect(facts.feedback).not.toMatch(/selected option|keeps-sum|scales/);
      if (attempt < 3) {
        expect(shift.feedback).not.toContain('accepted values');
        expect(facts.feedback).not.toContain('correct answers');
      } else {
        expect(res.attemptsLeft).toBe(0);
        expect(shift.feedback).toMatch(/The accepted values: tx \(mm\) = -?\d/);
        expect(facts.feedback).toContain('The correct answers: “It keeps shapes”, “It keeps the sum');
      }
    }
  });

  it('lists every learner’s variant with all parameters for instructors only', async () => {
    const learner = await loginAs(app.base, hub, { name: ada });
    expect((await learner.get(`${API}/assessments/shift/variants`)).status).toBe(403);
    const teacher = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const list = (await (await teacher.get(`${API}/assessments/shift/variants`)).json()) as AssessmentVariants;
    const row = list.learners.find((l) => l.user === ada)!;
    expect(row.index).toBe(variantIndex(secret, ID, ada, 0, 16));
    expect(Object.keys(row.parameters).sort()).toEqual(['level', 'tx', 'ty']);
    expect(list.parameters.map((p) => [p.name, p.public])).toEqual([['tx', false], ['ty', false], ['level', true]]);
    expect((await teacher.get(`${API}/assessments/quiz/variants`)).status).toBe(404);
  });
});
