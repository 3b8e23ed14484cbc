import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNifti } from '../../src/imaging/nifti.js';
import { startTestApp, type ITestApp } from '../support/app.js';
import { FakeHub } from '../support/fake-hub.js';
import { fixtureContent, sphere } from '../support/fixture-content.js';
import { loginAs } from '../support/session.js';
import { SECRET } from '../support/test-config.js';

const METRICS = '/services/academy/api/metrics';
const TOKEN = 'a-scraper-token-of-at-least-32-characters-0123456789';
/** Learners with names that must never show up in a scrape, however they are used in paths. */
const NAMES = ['zaphod-secret-learner', 'marvin-private'];

describe('the metrics endpoint', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(hub.apiUrl, { ACADEMY_METRICS_TOKEN: TOKEN, ACADEMY_SUBMIT_RATE_PER_MINUTE: '100' }, fixtureContent());
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('counts requests by route template and shows queue, pools and live connections, never a learner', async () => {
    const learners = await Promise.all(NAMES.map((name) => loginAs(app.base, hub, { name })));
    const teacher = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    for (const [i, browser] of learners.entries()) {
      const { uploadId } = (await (await browser.post('/services/academy/api/uploads', writeNifti(sphere(24, 6), { gzip: true }))).json()) as { uploadId: string };
      const res = await browser.post('/services/academy/api/courses/demo/assessments/segmentation/submissions', { answers: { mask: { type: 'image', uploadId } } });
      expect(res.status).toBe(201);
      // Names in paths: someone else's learner page (403), an override (403), an unknown route (404).
      await browser.get(`/services/academy/api/courses/demo/learners/${NAMES[1 - i]}`);
      await browser.get(`/services/academy/api/nothing-here/${NAMES[i]}`);
    }
    await teacher.get(`/services/academy/api/courses/demo/learners/${NAMES[0]}`);
    const admin = await loginAs(app.base, hub, { name: 'root', admin: true });
    const res = await admin.get(METRICS);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of NAMES) expect(text).not.toContain(name);
    expect(text).not.toContain('teach');
    expect(text).toMatch(/voxel_http_requests_total\{method="POST",route="\/api\/courses\/:course\/assessments\/:assessment\/submissions",status="2xx"\} 2/);
    expect(text).toMatch(/voxel_http_requests_total\{method="GET",route="\/api\/courses\/:course\/learners\/:user",status="4xx"\} 2/);
    expect(text).toMatch(/voxel_http_requests_total\{method="GET",route="unmatched",status="4xx"\} 2/);
    expect(text).toMatch(/voxel_http_request_duration_seconds_count\{method="POST",route="\/api\/uploads"\} 2/);
    expect(text).toMatch(/voxel_grading_queue_depth\{state="pending"\} 0/);
    expect(text).toMatch(/voxel_worker_pool_tasks\{pool="imageGrading",state="queued"\} 0/);
    expect(text).toContain('voxel_live_connections 0');
    expect(text).toContain('voxel_event_loop_delay_p99_seconds');
    // One server on SQLite: no database pool and no bus between replicas to report.
    expect(text).not.toContain('voxel_db_pool_connections{');
    expect(text).not.toMatch(/^voxel_event_bus_connected /m);
  });

  it('is for hub admins and the scraper token only', async () => {
    const learner = await loginAs(app.base, hub, { name: 'ada' });
    const teacher = await loginAs(app.base, hub, { name: 'teach2', groups: ['instructors'] });
    expect((await fetch(app.base + METRICS)).status).toBe(401);
    expect((await learner.get(METRICS)).status).toBe(403);
    expect((await teacher.get(METRICS)).status).toBe(403);
    const bearer = (value: string): Promise<Response> => fetch(app.base + METRICS, { headers: { authorization: value } });
    expect((await bearer(`Bearer ${TOKEN}`)).status).toBe(200);
    for (const wrong of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `bearer ${TOKEN}`, `Basic ${TOKEN}`, TOKEN]) {
      expect((await bearer(wrong)).status, wrong).toBe(401);
    }
    // The token opens the metrics, nothing else.
    expect((await bearer(`Bearer ${TOKEN}`).then(() => fetch(app.base + '/services/academy/api/me', { headers: { authorization: `Bearer ${TOKEN}` } }))).status).toBe(401);
  });
});
