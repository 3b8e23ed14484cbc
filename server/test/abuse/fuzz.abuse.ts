import fc from 'fast-check';
import { ErrorCode, Problem } from '@voxel-academy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNifti } from '../../src/imaging/nifti.js';
import { DEMO_PROJECT_BUNDLE, earnDemoCertificate } from '../support/demo.js';
import { sphere } from '../support/fixture-content.js';
import { gzipBomb, niftiScaledBomb, niftiTruncated, pdfAttachmentBomb, pdfEndlessXref, pdfObjectStreamBomb } from '../support/hostile-files.js';
import type { Browser } from '../support/http.js';
import { loginAs } from '../support/session.js';
import { discussionFixtures } from './support/discussion-fixtures.js';
import { Fleet } from './support/fleet.js';
import { PUBLIC_PAGES, requestArbitrary, routesFromOpenApi, wellFormedArbitrary, type IFixtures, type IFuzzRequest, type Role } from './support/requests.js';

const PREFIX = '/services/academy/';
const REQUESTS = Number(process.env.VOXEL_FUZZ_REQUESTS ?? 10_500);
const SEED = Number(process.env.VOXEL_FUZZ_SEED ?? 20261202);
const CONCURRENCY = 8;
/** Well-formed requests the coverage pass may send to one operation the mutated sample never got through. */
const COVERAGE_TRIES = 300;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

interface IOutcome {
  request: IFuzzRequest;
  status: number;
  problem: string | null;
}

/** p50 of `n` sequential timings of `call`, in ms. */
async function p50(n: number, call: () => Promise<Response>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const res = await call();
    await res.arrayBuffer();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

describe(`fuzzing every route and role (${REQUESTS} requests from the OpenAPI document and the zod schemas)`, () => {
  const fleet = new Fleet();
  const browsers = new Map<Role, Browser | null>();
  let fixtures: IFixtures;
  let routes: ReturnType<typeof routesFromOpenApi>;

  beforeAll(async () => {
    await fleet.start({ ACADEMY_VERIFY_SECONDS: '2', ACADEMY_MAX_UPLOAD_MB: '8' });
    const { browser: ada, certificate } = await earnDemoCertificate(fleet.base, fleet.hub, 'ada');
    browsers.set('anonymous', null);
    browsers.set('learner', ada);
    const bob = await loginAs(fleet.base, fleet.hub, { name: 'bob' });
    browsers.set('other learner', bob);
    // A project waiting in the capstone's grading queue, so the review routes have one to work on.
    const { uploadId } = (await (await bob.post(`${PREFIX}api/project-uploads`, DEMO_PROJECT_BUNDLE)).json()) as { uploadId: string };
    const project = (await (await bob.post(`${PREFIX}api/courses/demo/assessments/capstone/submissions`, { answers: { project: { type: 'project', uploadId, report: 'Thresholded and counted.' } } })).json()) as { id: string };
    browsers.set('instructor', await loginAs(fleet.base, fleet.hub, { name: 'teach', groups: ['instructors'] }));
    browsers.set('admin', await loginAs(fleet.base, fleet.hub, { name: 'root', admin: true }));
    const submissions = (await (await ada.get(`${PREFIX}api/submissions`)).json()) as Array<{ id: string }>;
    const catalog = (await (await ada.get(`${PREFIX}api/catalog`)).json()) as { courses: Array<{ tracks: Array<{ modules: Array<{ lessons: Array<{ id: string }> }> }> }> };
    const lessons = catalog.courses.flatMap((c) => c.tracks.flatMap((t) => t.modules.flatMap((m) => m.lessons.map((l) => l.id))));
    const pdf = new Uint8Array(await (await fetch(fleet.base + new URL(certificate.pdfUrl, 'http://x').pathname)).arrayBuffer());
    const credential = await (await fetch(fleet.base + new URL(certificate.credentialUrl, 'http://x').pathname)).text();
    const mask = writeNifti(sphere(24, 6), { gzip: true });
    const discussion = await discussionFixtures(ada, bob, browsers.get('instructor')!);
    fixtures = {
      params: { course: ['demo'], assessment: ['quiz', 'segmentation', 'shift', 'capstone'], lesson: lessons, id: [submissions[0]!.id, certificate.id, project.id], dataset: ['sphere', 'blob-moved'], user: ['ada', 'bob'], list: ['0'], item: ['water', 'mask'], ...discussion.params },
      // A lesson and an item of its assessment, for the discussion's places (both or neither).
      known: { lessonId: ['lesson-one'], assessmentId: ['quiz', null], itemId: ['water', null] },
      // Item ids, and the capstone rubric's criterion ids (keys of a review grade).
      itemIds: ['modality', 'formats', 'water', 'voxel-volume', 'format-name', 'landmark', 'shift', 'project', 'result', 'report'],
      genuine: { verify: [pdf, text(credential), text((JSON.parse(credential) as { jwt: string }).jwt)], uploads: [mask, writeNifti(sphere(16, 5))] },
      hostile: {
        verify: [pdfAttachmentBomb(256), pdfObjectStreamBomb(64), pdfEndlessXref(), text('5'), text('null'), text('[1,2]'), text('%PDF-1.7\n' + 'x'.repeat(200_000)), text('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)), new Uint8Array(3 * 1024 * 1024)],
        uploads: [gzipBomb(64), await niftiScaledBomb(480), niftiTruncated(), new Uint8Array(9 * 1024 * 1024), text('not an image')]
      }
    };
    const doc = (await (await fetch(`${fleet.base}${PREFIX}api/openapi.json`)).json()) as Parameters<typeof routesFromOpenApi>[0];
    routes = [...routesFromOpenApi(doc, PREFIX), ...PUBLIC_PAGES];
  });
  afterAll(() => fleet.stop());

  async function send(request: IFuzzRequest): Promise<IOutcome> {
    const browser = browsers.get(request.role) ?? null;
    // A logout would end the role's session for every later request: log out a stranger's cookie instead.
    const cookie = request.path.startsWith('logout') ? 'voxel-academy-session=not-a-session' : browser?.cookieHeader();
    const res = await fetch(fleet.base + PREFIX + request.path, {
      method: request.method,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...request.headers },
      // Node's Buffers and Uint8Arrays here are all backed by plain ArrayBuffers.
      ...(request.body ? { body: request.body as Uint8Array<ArrayBuffer> } : {}),
      signal: AbortSignal.timeout(60_000)
    });
    const body = await res.text();
    let problem: string | null = null;
    if (res.status >= 400 && request.method !== 'HEAD') {
      const parsed = res.headers.get('content-type')?.includes('application/problem+json') ? Problem.safeParse(JSON.parse(body)) : null;
      if (!parsed?.success) problem = `not a problem+json body: ${body.slice(0, 120)}`;
      else if (!ErrorCode.options.includes(parsed.data.code)) problem = `unknown code ${parsed.data.code}`;
      else if (/\n\s+at |node_modules|\/dist\//.test(body)) problem = `internals leaked: ${body.slice(0, 200)}`;
    }
    return { request, status: res.status, problem };
  }

  it('answers every one below 500, with problem+json errors, and afterwards as fast as before', async () => {
    expect(routes.length).toBeGreaterThan(30);
    const ada = browsers.get('learner')!;
    const catalog = (): Promise<Response> => ada.get(`${PREFIX}api/catalog`);
    const health = (): Promise<Response> => fetch(`${fleet.base}${PREFIX}api/health`);
    const before = { catalog: await p50(40, catalog), health: await p50(40, health) };

    const requests = fc.sample(requestArbitrary(routes, fixtures, fleet.base), { numRuns: REQUESTS, seed: SEED });
    const outcomes: IOutcome[] = [];
    const dropped: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < requests.length; i = next++) {
          const request = requests[i]!;
          try {
            outcomes.push(await send(request));
          } catch (err) {
            // The server may close the connection on a body over the route's limit while it is
            // still being sent; anything else (a hang, a reset) is a finding.
            const overLimit = (request.body?.length ?? 0) > 2 * 1024 * 1024;
            if (!overLimit) dropped.push(`${request.role} ${request.label} ${request.path.slice(0, 80)}: ${(err as Error).message}`);
          }
        }
      })
    );

    // Coverage pass: an operation the mutated sample never got through gets well-formed requests
    // (still generated: role, ids and body drawn from the schema) until one succeeds. A route no
    // well-formed request from any role can get through fails the check below.
    const routeOf = (o: IOutcome): string => o.request.label.split(' ').slice(0, 2).join(' ');
    const documentedRoutes = routes.filter((r) => !PUBLIC_PAGES.includes(r));
    const succeeded = new Set(outcomes.filter((o) => o.status < 300).map(routeOf));
    const covered: string[] = [];
    for (const route of documentedRoutes.filter((r) => !succeeded.has(`${r.method} ${r.path}`))) {
      const tries = fc.sample(wellFormedArbitrary(route, fixtures, fleet.base), { numRuns: COVERAGE_TRIES, seed: SEED });
      for (const [n, request] of tries.entries()) {
        const outcome = await send(request);
        outcomes.push(outcome);
        if (outcome.status < 300) {
          covered.push(`${route.method} ${route.path} (try ${n + 1})`);
          break;
        }
      }
    }

    if (fleet.run!.ended()) throw new Error(`the server stopped (${fleet.run!.ended()}):\n${[...fleet.run!.errors, ...fleet.run!.tail].join('\n').slice(-6000)}`);
    const byClass = new Map<string, number>();
    for (const o of outcomes) byClass.set(`${Math.floor(o.status / 100)}xx`, (byClass.get(`${Math.floor(o.status / 100)}xx`) ?? 0) + 1);
    const failures = outcomes.filter((o) => o.status >= 500).map((o) => `${o.status} ${o.request.role} ${o.request.label} ${o.request.path.slice(0, 100)}`);
    const malformed = outcomes.filter((o) => o.problem !== null).map((o) => `${o.status} ${o.request.label}: ${o.problem}`);
    const after = { catalog: await p50(40, catalog), health: await p50(40, health) };
    const labels = new Set(outcomes.map((o) => o.request.label.split(' ').slice(0, 2).join(' ')));
    // Which routes were reached with a success, not just refused: the fuzz must get past the front door.
    const reached = new Set(outcomes.filter((o) => o.status < 300).map(routeOf));
    console.log(
      `fuzz (seed ${SEED}): ${outcomes.length} answered (${[...byClass].map(([k, v]) => `${k} ${v}`).join(', ')}), ${dropped.length} dropped, ` +
        `${labels.size} method+route pairs (${reached.size} answered 2xx), 5 roles; p50 catalog ${before.catalog.toFixed(1)} → ${after.catalog.toFixed(1)} ms, ` +
        `health ${before.health.toFixed(1)} → ${after.health.toFixed(1)} ms; server peak RSS ${Math.round(fleet.run!.peakRss() / 1024 / 1024)} MB; ` +
        `reached only by the coverage pass: ${covered.length === 0 ? 'none' : covered.join(', ')}`
    );

    expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
    // Every documented operation succeeded at least once for some generated request.
    const documented = documentedRoutes.map((r) => `${r.method} ${r.path}`);
    expect(documented.filter((r) => !reached.has(r))).toEqual([]);
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    expect(dropped, dropped.slice(0, 20).join('\n')).toEqual([]);
    expect(malformed, malformed.slice(0, 20).join('\n')).toEqual([]);
    expect(fleet.run!.errors.filter((l) => l.includes('unhandled error'))).toEqual([]);
    // Still alive and answering within its normal latency (generous bounds: a shared CI machine).
    expect((await health()).status).toBe(200);
    expect(after.catalog).toBeLessThan(3 * before.catalog + 25);
    expect(after.health).toBeLessThan(3 * before.health + 25);
  });
});
