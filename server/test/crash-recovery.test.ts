import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib.mjs';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent } from './support/fixture-content.js';
import type { Browser } from './support/http.js';
import { startServerProcess } from './support/server-process.js';
import { loginAs } from './support/session.js';
import { hubEnv, SECRET } from './support/test-config.js';

const SUBMIT = '/services/academy/api/courses/demo/assessments/segmentation/submissions';

describe('a crash under load', () => {
  const hub = new FakeHub(SECRET);
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-crash-'));
  let env: NodeJS.ProcessEnv;
  let base: string;

  beforeAll(async () => {
    await hub.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = hubEnv(hub.apiUrl, {
      JUPYTERHUB_SERVICE_URL: base,
      ACADEMY_DATA_DIR: dataDir,
      ACADEMY_CONTENT_DIR: fixtureContent(),
      ACADEMY_SUBMIT_RATE_PER_MINUTE: '100000'
    });
  });
  afterAll(() => hub.stop());

  it('loses no acknowledged submission and grades each exactly once after restart', async () => {
    let server = await startServerProcess(env);
    const learners: Array<{ name: string; browser: Browser }> = [];
    for (let i = 0; i < 8; i++) learners.push({ name: `l${i}`, browser: await loginAs(base, hub, { name: `l${i}` }) });

    const acknowledged = new Map<string, string>();
    let killed = false;
    const worker = async (w: number): Promise<void> => {
      for (let n = 0; !killed; n++) {
        const { name, browser } = learners[(w + n) % learners.length]!;
        try {
          const res = await browser.post(SUBMIT, { answers: { volume: { type: 'number', value: 1, unit: 'mL' } } });
          if (res.status === 201) acknowledged.set((await res.json()).id, name);
        } catch {
          return; // connection reset by the kill
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    server.kill('SIGKILL');
    killed = true;
    await load;

    // A submission stored but never graded, as if the crash hit between the two transactions.
    const store = new SqliteStore(join(dataDir, 'academy.sqlite'));
    const injected = await store.reserveAttempt(
      { user: 'l0', course: 'demo', assessment: 'segmentation', idempotencyKey: null, answers: {}, now: Date.now(), newId: 'crashed-mid-grade' },
      () => ({ allow: true, late: false, lateFactor: 1 })
    );
    expect(injected.kind).toBe('created');
    await store.close();

    server = await startServerProcess(env);
    try {
      const check = new SqliteStore(join(dataDir, 'academy.sqlite'));
      const all = await check.listSubmissions({ course: 'demo', assessment: 'segmentation' });
      await check.close();
      const byId = new Map(all.map((s) => [s.id, s]));
      expect(acknowledged.size).toBeGreaterThanOrEqual(150);
      for (const [id, user] of acknowledged) {
        const s = byId.get(id);
        expect(s, `acknowledged submission ${id} is missing`).toBeDefined();
        expect(s!.user).toBe(user);
      }
      // Nothing is left pending, and every submission has exactly one grade per item.
      expect(all.filter((s) => s.status !== 'graded')).toEqual([]);
      for (const s of all) expect(s.items.map((i) => i.itemId).sort()).toEqual(['mask', 'volume']);
      expect(byId.get('crashed-mid-grade')!.status).toBe('graded');

      // Sessions survive the restart: the learner reads the resumed result without logging in again.
      const res = await learners[0]!.browser.get('/services/academy/api/submissions/crashed-mid-grade');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'graded', items: [{ itemId: 'mask' }, { itemId: 'volume' }] });
    } finally {
      server.kill('SIGTERM');
    }
  });
});
