import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/lib.mjs';
import { bitIsSet, decodeStatusList } from '../../src/certificates/status-list.js';
import { writeNifti } from '../../src/imaging/nifti.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { FakeHub } from '../support/fake-hub.js';
import { earnDemoCertificate } from '../support/demo.js';
import { fixtureContent, sphere } from '../support/fixture-content.js';
import type { Browser } from '../support/http.js';
import { ofType, openLiveSocket, until } from '../support/live.js';
import { startPostgres, type IPostgresCluster } from '../support/postgres.js';
import { startServerProcess } from '../support/server-process.js';
import { loginAs } from '../support/session.js';
import { hubEnv, SECRET } from '../support/test-config.js';

const P = '/services/academy/';
const SUBMIT = `${P}api/courses/demo/assessments/segmentation/submissions`;
const QUIZ = `${P}api/courses/demo/assessments/quiz/submissions`;
const TOKEN = 'two-replicas-metrics-token-0123456789abcdef';
const MASK = writeNifti(sphere(24, 6, [1, 0, 0]), { gzip: true });

/**
 * Two real course-server processes (dist/main.js) on one throwaway PostgreSQL, sharing the data
 * directory as replicas share a volume (uploads, keys). A learner's requests alternate between
 * them; one is killed with SIGKILL in the middle of a burst of image submissions.
 */
describe('two replicas on one PostgreSQL', () => {
  const hub = new FakeHub(SECRET);
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-replicas-'));
  let cluster: IPostgresCluster;
  let databaseUrl: string;
  let a: ChildProcess;
  let b: ChildProcess;
  let baseA: string;
  let baseB: string;

  beforeAll(async () => {
    await hub.start();
    cluster = await startPostgres();
    databaseUrl = await cluster.createDatabase();
    [baseA, baseB] = [`http://127.0.0.1:${await freePort()}`, `http://127.0.0.1:${await freePort()}`];
    const env = (base: string): NodeJS.ProcessEnv =>
      hubEnv(hub.apiUrl, {
        JUPYTERHUB_SERVICE_URL: base,
        DATABASE_URL: databaseUrl,
        ACADEMY_DATA_DIR: dataDir,
        ACADEMY_CONTENT_DIR: fixtureContent(),
        ACADEMY_SUBMIT_RATE_PER_MINUTE: '100000',
        ACADEMY_UPLOAD_RATE_PER_MINUTE: '3',
        ACADEMY_GRADING_WORKERS: '1',
        ACADEMY_WORKER_QUEUE: '1000',
        ACADEMY_GRADING_LEASE_SECONDS: '2',
        ACADEMY_GRADING_SWEEP_SECONDS: '0.5',
        ACADEMY_METRICS_TOKEN: TOKEN,
        ACADEMY_DISCUSSION_POSTS_PER_HOUR: '6'
      });
    // One after the other: the first creates the shared keys in the data directory (in a
    // cluster they come from a Secret); migrations are serialised by an advisory lock anyway.
    a = await startServerProcess(env(baseA));
    b = await startServerProcess(env(baseB));
  }, 180_000);

  afterAll(async () => {
    for (const p of [a, b]) if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await cluster?.stop();
    await hub.stop();
  });

  it('holds a learner\'s hourly posting limit when replies arrive at both replicas at once', async () => {
    const dee = await loginAs(baseA, hub, { name: 'dee' });
    const cyA = await loginAs(baseA, hub, { name: 'cy' });
    const cy = [cyA, cyA.at(baseB)];
    const asked = await dee.post(`${P}api/courses/demo/discussions`, { place: { lessonId: 'lesson-one' }, title: 'Busy thread', body: 'Replies welcome' });
    expect(asked.status).toBe(201);
    const { id } = (await asked.json()) as { id: string };
    // Each reply counts cy's posts and writes in one transaction, under a lock both replicas
    // take: counted first and written after, all 12 passed a limit of 6.
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => cy[i % 2]!.post(`${P}api/discussions/${id}/posts`, { body: `reply ${i}` })));
    expect(replies.map((r) => r.status).sort()).toEqual([...Array(6).fill(201), ...Array(6).fill(429)]);
    const thread = (await (await dee.get(`${P}api/discussions/${id}`)).json()) as { posts: Array<{ author: { user: string | null } }> };
    expect(thread.posts.filter((p) => p.author.user === 'cy')).toHaveLength(6);
  }, 60_000);

  it('shares sessions, rate limits and live events, and survives a SIGKILL mid-burst without losing or double-grading anything', async () => {
    // --- A learner logged in through A is known to B; live sockets on both replicas.
    const adaA = await loginAs(baseA, hub, { name: 'ada' });
    const adaB = adaA.at(baseB);
    expect((await adaB.get(`${P}api/me`)).status).toBe(200);
    const onA = await openLiveSocket({ base: baseA }, adaA);
    const onB = await openLiveSocket({ base: baseB }, adaB);

    // --- Alternating requests: a quiz graded on B reaches the tab connected to A, and back.
    const quiz = (await (await adaB.post(QUIZ, { answers: { modality: { type: 'choice', selected: ['ct'] } } })).json()) as { id: string };
    await until(() => ofType<{ submission: { id: string } }>(onA, 'submission.graded').some((e) => e.submission.id === quiz.id));
    const { uploadId } = (await (await adaA.post(`${P}api/uploads`, MASK)).json()) as { uploadId: string };
    const image = (await (await adaB.post(SUBMIT, { answers: { mask: { type: 'image', uploadId } } })).json()) as { id: string; status: string };
    expect(image.status).toBe('graded');
    await until(() => ofType<{ submission: { id: string } }>(onA, 'submission.graded').some((e) => e.submission.id === image.id));
    expect((await (await adaA.get(`${P}api/submissions/${image.id}`)).json()).status).toBe('graded');

    // --- One upload limit across replicas: 3 a minute, whichever replica is asked.
    const rl = await loginAs(baseA, hub, { name: 'rl' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await (i % 2 ? rl.at(baseB) : rl).post(`${P}api/uploads`, MASK)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);

    // --- A revocation through A reaches the signed status list B publishes (B had it cached).
    const { certificate } = await earnDemoCertificate(baseA, hub, 'cert-holder');
    const { credential } = (await (await fetch(`${baseB}${new URL(certificate.credentialUrl, baseB).pathname}`)).json()) as {
      credential: { credentialStatus: { statusListIndex: string; statusListCredential: string } };
    };
    const listOnB = async (): Promise<boolean> => {
      const list = (await (await fetch(`${baseB}${new URL(credential.credentialStatus.statusListCredential).pathname}`)).json()) as { credentialSubject: { encodedList: string } };
      return bitIsSet(decodeStatusList(list.credentialSubject.encodedList), Number(credential.credentialStatus.statusListIndex));
    };
    expect(await listOnB()).toBe(false);
    const teacher = await loginAs(baseA, hub, { name: 'teach', groups: ['instructors'] });
    expect((await teacher.post(`${P}api/certificates/${certificate.id}/revoke`, { reason: 'two-replica test' })).status).toBe(200);
    for (let i = 0; i < 50 && !(await listOnB()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await listOnB()).toBe(true);

    // --- A logout on A ends the session on B at once (B had it cached), and closes B's socket.
    const eve = await loginAs(baseA, hub, { name: 'eve' });
    expect((await eve.at(baseB).get(`${P}api/me`)).status).toBe(200);
    const eveOnB = await openLiveSocket({ base: baseB }, eve.at(baseB));
    await eve.get(`${P}logout`);
    expect(await eveOnB.closed).toBe(4401);
    expect((await eve.at(baseB).get(`${P}api/me`)).status).toBe(401);

    // --- The burst: learners submitting images, alternating replicas; A dies mid-burst.
    const learners: Array<{ name: string; browser: Browser; uploadId: string }> = [];
    for (let i = 0; i < 6; i++) {
      const browser = await loginAs(i % 2 ? baseB : baseA, hub, { name: `l${i}` });
      const up = (await (await browser.post(`${P}api/uploads`, MASK)).json()) as { uploadId: string };
      learners.push({ name: `l${i}`, browser, uploadId: up.uploadId });
    }
    let aDead = false;
    let stop = false;
    const acknowledged = new Map<string, string>();
    let retriedOnB = 0;
    const worker = async (w: number): Promise<void> => {
      for (let n = 0; !stop; n++) {
        const { name, browser, uploadId } = learners[(w + n) % learners.length]!;
        const key = randomUUID();
        const body = { answers: { mask: { type: 'image', uploadId }, volume: { type: 'number', value: 0.9, unit: 'mL' } } };
        const send = (base: string): Promise<Response> => browser.at(base).post(SUBMIT, body, { 'idempotency-key': key });
        let res: Response;
        try {
          res = await send(!aDead && n % 2 === 0 ? baseA : baseB);
        } catch {
          // The replica died under this request: the client retries, the load balancer sends it to B.
          retriedOnB++;
          res = await send(baseB);
        }
        if (res.status === 201 || res.status === 200) acknowledged.set(((await res.json()) as { id: string }).id, name);
        else expect.soft(res.status, await res.text()).toBe(201);
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    while (acknowledged.size < 60) await new Promise((r) => setTimeout(r, 5));
    a.kill('SIGKILL');
    aDead = true;
    const ownerA = `${hostname()}/${a.pid}/`;
    const store = await PgStore.open(databaseUrl);
    try {
      // Submissions A had stored and was grading when it died (claimed by it, still pending).
      const heldByA = await store.db.$client.query<{ id: string }>(`select id from submissions where status = 'pending' and claimed_by like $1`, [`${ownerA}%`]);
      const leftByA = heldByA.rowCount ?? 0;
      // What a replica killed mid-grading leaves for certain: a pending submission under its live lease.
      const injected = await store.reserveAttempt(
        { user: 'ada', course: 'demo', assessment: 'segmentation', idempotencyKey: null, answers: { mask: { type: 'image', uploadId } }, now: Date.now(), newId: 'claimed-by-the-dead', claim: { owner: `${ownerA}dead`, until: Date.now() + 2000 } },
        () => ({ allow: true, late: false, lateFactor: 1 })
      );
      expect(injected.kind).toBe('created');
      const ackAtKill = acknowledged.size;
      while (acknowledged.size < ackAtKill + 30) await new Promise((r) => setTimeout(r, 5));
      stop = true;
      await load;

      // --- B grades what A held once A's leases lapse; nothing stays pending.
      for (let t = 0; t < 300 && (await store.gradingQueue.pendingCount()) > 0; t++) await new Promise((r) => setTimeout(r, 100));
      expect(await store.gradingQueue.pendingCount()).toBe(0);
      const all = await store.listSubmissions({ course: 'demo', assessment: 'segmentation' });
      const byId = new Map(all.map((s) => [s.id, s]));
      for (const [id, user] of acknowledged) {
        const s = byId.get(id);
        expect(s, `acknowledged submission ${id} is missing`).toBeDefined();
        expect(s!.user).toBe(user);
        expect(s!.status).toBe('graded');
      }
      for (const s of all) if (s.id !== image.id) expect(s.items.map((i) => i.itemId).sort(), s.id).toEqual(['mask', 'volume']);
      // Graded once: one 'submission.graded' audit entry per submission, however many replicas touched it.
      const graded = (await store.audit({ limit: 100_000 })).filter((e) => e.action === 'submission.graded').map((e) => String(e.data?.['id']));
      const counts = new Map<string, number>();
      for (const id of graded) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
      expect(all.every((s) => counts.get(s.id) === 1)).toBe(true);

      // --- Live events keep arriving on the survivor: the swept submission's grade reaches ada's tab on B.
      await until(() => ofType<{ submission: { id: string } }>(onB, 'submission.graded').some((e) => e.submission.id === 'claimed-by-the-dead'), 10_000);
      expect(await onA.closed).toBeGreaterThan(0);
      const metrics = await (await fetch(`${baseB}${P}api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      const swept = Number(/^voxel_grading_swept_total (\d+)$/m.exec(metrics)?.[1] ?? 0);
      // B picked up the injected one and every one A really left mid-grading (those graded by a
      // retry's duplicate path are not double counted: a duplicate only reads).
      expect(swept).toBeGreaterThanOrEqual(1 + leftByA);
      for (const { id } of heldByA.rows) expect(byId.get(id)?.status, id).toBe('graded');
      expect(metrics).toMatch(/^voxel_event_bus_connected 1$/m);
      expect(metrics).toMatch(/voxel_db_pool_connections\{state="max"\} \d+/);
      process.stdout.write(
        `two replicas: ${acknowledged.size} acknowledged (${ackAtKill} before the kill), ${leftByA} held by A mid-grading at the kill, ${retriedOnB} retried on B, B swept ${swept}, ${all.length} stored, each graded once\n`
      );
    } finally {
      await store.close();
    }
  }, 180_000);
});
