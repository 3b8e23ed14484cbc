import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';

const suffix = randomBytes(3).toString('hex');
const INSTRUCTOR = `teacher-${suffix}`;
const ADMIN = `admin-${suffix}`;

describe('a new learner on the real hub', () => {
  let hub: IRunningHub;
  let context: BrowserContext;
  let requests: string[];

  beforeAll(async () => {
    hub = await startTestHub('login', { VOXEL_INSTRUCTORS: INSTRUCTOR, VOXEL_ADMINS: ADMIN });
    context = await launchBrowser();
    requests = recordRequests(context);
  });

  afterAll(async () => {
    await context?.close();
    await hub?.stop();
  });

  it('logs in at the hub, gets JupyterLab and sees the Academy catalog in the sidebar', async () => {
    const learner = `learner-${suffix}`;
    const page = await context.newPage();
    await hubLogin(page, hub.url, learner);

    // The hub spawns the learner's server and lands in JupyterLab.
    await page.waitForURL(new RegExp(`/user/${learner}/lab`), { timeout: 120_000 });
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 120_000 });

    // A brand-new learner lands on the Academy sidebar without looking for it.
    await page.locator('.jp-SideBar [data-id="voxel-academy-sidebar"]').waitFor();
    const sidebar = page.locator('#voxel-academy-sidebar');
    await sidebar.waitFor({ state: 'visible', timeout: 30_000 });
    const course = sidebar.locator('[data-course-id="medical-image-analysis"]');
    await course.waitFor({ timeout: 60_000 });
    await expect(sidebar.locator('.va-Sidebar-user').innerText()).resolves.toContain(learner);
    await expect(course.locator('.va-Course-title').innerText()).resolves.toBe('Medical Image Analysis');
    const tiers = await course.locator('.va-Tier-title').allInnerTexts();
    expect(tiers.map((t) => t.toLowerCase())).toEqual(['foundation', 'intermediate', 'advanced', 'specialized tracks']);
    await expect(course.locator('[data-lesson-id="intro-medical-imaging"] .va-Lesson-title').innerText()).resolves.toBe(
      'Introduction to medical imaging'
    );
    // The Advanced track is complete (issue 15): its four lessons and its capstone are listed,
    // none marked upcoming, each with its assessment. The track starts folded, so read the DOM
    // (rendered either way) rather than the visible text.
    const advanced = course.locator('details[data-track-id="advanced"]');
    await expect(advanced.locator('summary').innerText()).resolves.toBe('Advanced');
    const advancedRows = await advanced.locator('.va-Lesson').evaluateAll((rows) =>
      rows.map((r) => ({
        id: r.getAttribute('data-lesson-id'),
        available: r.classList.contains('va-Lesson-available'),
        badges: Array.from(r.querySelectorAll('.va-Badge'), (b) => b.textContent),
        assessment: r.querySelector('.va-Lesson-assessment') !== null
      }))
    );
    expect(advancedRows).toEqual(
      ['machine-learning-integration', 'performance-optimisation', 'extending-the-platform', 'research-applications', 'advanced-capstone'].map((id) => ({
        id,
        available: true,
        badges: id === 'advanced-capstone' ? ['capstone project'] : [],
        assessment: true
      }))
    );

    await page.screenshot({ path: join(ARTIFACTS, 'academy-sidebar.png') });

    // The session the extension set up is the learner's own, with the learner role only.
    const me = await page.evaluate(async () => (await fetch('/services/academy/api/me')).json());
    expect(me).toEqual({ name: learner, roles: ['learner'] });

    // A first graded submission through the hub proxy, with the result also arriving live. The
    // platform overview gives each attempt its own slice range and voxel: this learner measures
    // them on the data the server hands out, as the lesson's cells would.
    const submitted = await page.evaluate(async () => {
      const course = '/services/academy/api/courses/medical-image-analysis';
      const base = `${course}/assessments/platform-overview`;
      const publicView = await (await fetch(base)).text();
      const mine = (await (await fetch(`${course}/lessons/platform-overview/variant`)).json()) as { variant: { parameters: Record<string, number> } };
      const { z_from: zFrom, z_to: zTo, vx, vz } = mine.variant.parameters as Record<string, number>;
      // head-ct-head: a gzip NIfTI-1 of uint8; count its voxels in the asked slices.
      const gz = await (await fetch(`${course}/datasets/head-ct-head`)).arrayBuffer();
      const nifti = await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
      const header = new DataView(nifti);
      const [nx, ny] = [header.getInt16(42, true), header.getInt16(44, true)];
      const voxelMm3 = header.getFloat32(80, true) * header.getFloat32(84, true) * header.getFloat32(88, true);
      const voxels = new Uint8Array(nifti, header.getFloat32(108, true));
      let inside = 0;
      for (let i = (zFrom as number) * nx * ny; i < ((zTo as number) + 1) * nx * ny; i++) if (voxels[i]) inside++;
      const live = new WebSocket(`${location.origin.replace('http', 'ws')}/services/academy/api/events`);
      const graded = new Promise<unknown>((resolve) =>
        live.addEventListener('message', (e) => {
          const event = JSON.parse(String(e.data)) as { type: string };
          if (event.type === 'submission.graded') resolve(event);
        })
      );
      await new Promise((resolve) => live.addEventListener('open', resolve));
      const started = performance.now();
      const response = await fetch(`${base}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-voxel-academy': '1', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          answers: {
            'where-code-runs': { type: 'choice', selected: ['browser'] },
            'what-submit-does': { type: 'choice', selected: ['stored', 'graded', 'feedback'] },
            'hounsfield-water': { type: 'choice', selected: ['zero'] },
            'voxel-volume': { type: 'number', value: (vx as number) * (vx as number) * (vz as number), unit: 'mm3' },
            'certificate-format': { type: 'text', text: 'open badges 3.0' },
            'head-volume': { type: 'number', value: (inside * voxelMm3) / 1000, unit: 'mL' }
          }
        })
      });
      const ms = performance.now() - started;
      return { status: response.status, body: await response.json(), ms, publicView, event: await graded };
    });
    expect(submitted.publicView).not.toContain('"key"');
    expect(submitted.publicView).toContain('where-code-runs');
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'graded', score: 1, passed: true, user: learner, attempt: 1, attemptsLeft: 4 });
    expect(submitted.body.items).toHaveLength(6);
    expect(submitted.body.items[0].feedback).toContain('Web Worker');
    expect(submitted.event).toMatchObject({ type: 'submission.graded', submission: { id: submitted.body.id } });
    console.log(`submission through the hub proxy answered in ${submitted.ms.toFixed(0)} ms`);

    // After a reload the sidebar is restored with the catalog, with the session reused.
    await page.reload();
    await sidebar.locator('[data-course-id="medical-image-analysis"]').waitFor({ timeout: 60_000 });

    expect(offOrigin(requests)).toEqual([]);
    expect(requests.some((u) => u.includes('/services/academy/api/catalog'))).toBe(true);
  });

  it('takes roles from the hub: instructors group and admin flag', async () => {
    for (const [user, roles] of [
      [INSTRUCTOR, ['learner', 'instructor']],
      [ADMIN, ['learner', 'admin']]
    ] as const) {
      const other = await launchBrowser();
      const page = await other.newPage();
      // Straight to the service's login after the hub login: no JupyterLab needed for this.
      await hubLogin(page, hub.url, user, `/services/academy/oauth_login?next=${encodeURIComponent('/services/academy/api/me')}`);
      await page.waitForURL(/\/services\/academy\/api\/me$/);
      expect(JSON.parse(await page.locator('body').innerText())).toEqual({ name: user, roles });
      await other.close();
    }
  });

  it('answers API calls without a session with 401, not a redirect to the hub', async () => {
    const res = await fetch(`${hub.url}/services/academy/api/catalog`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });
});
