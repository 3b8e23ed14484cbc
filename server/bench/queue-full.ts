import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCredential } from '../src/certificates/credential.js';
import { loadOrCreateKeys } from '../src/certificates/keys.js';
import { renderCertificatePdf } from '../src/certificates/pdf.js';
import { signCredential } from '../src/certificates/sign.js';
import { QUIZ_BODY, QUIZ_PATH, startBenchServer } from './bench-server.js';

export interface IQueueFigures {
  flood: { lanes: number; requests: number; accepted: number; queueFull503: number; rateLimited429: number; acceptedP50Ms: number; acceptedP99Ms: number; refusedP99Ms: number; retryAfterSeconds: number[] };
  oneClient: { requests: number; accepted: number; rateLimited429: number };
  quiz: { quietRps: number; quietP99Ms: number; floodRps: number; floodP99Ms: number };
}

const FLOOD = fileURLToPath(new URL('./flood-client.mjs', import.meta.url));

const pct = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(10 * (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN)) / 10;
};

/** A certificate PDF (signed by keys the bench server does not know): real parsing and checking work. */
async function certificatePdf(): Promise<Uint8Array<ArrayBuffer>> {
  const issuer = 'http://localhost:8000/services/academy/issuer';
  const keys = await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'voxel-bench-keys-')), 'k.json'), issuer);
  const signed = await signCredential(
    buildCredential({ id: '018f0000-0000-7000-8000-0000000000bb', issuer: { id: issuer, name: 'Voxel Academy', url: 'http://localhost:8000/' }, learner: 'flood', achievement: { id: `${issuer}/a`, name: 'A', description: 'd', criteria: 'c' }, validFrom: '2026-11-21T09:30:00Z' }),
    keys
  );
  const pdf = await renderCertificatePdf({ signed, learner: 'flood', title: 'A', course: 'C', issuerName: 'Voxel Academy', issuedAt: new Date(), achievements: [], credentialId: 'x', verifyUrl: `${issuer}/verify` });
  return Uint8Array.from(pdf);
}

/**
 * Public verification flooded well past its pool (1 thread, queue 8): the extra requests must be
 * refused at once (503 + Retry-After) rather than queue up, and quiz grading must keep its
 * throughput meanwhile. One client alone hits its per-client limit (429) first.
 */
export async function runQueueFullBench(seconds = 5, lanes = 64): Promise<IQueueFigures> {
  const pdf = await certificatePdf();
  const bench = await startBenchServer({ env: { ACADEMY_COSTLY_RATE_PER_MINUTE: '30' } });
  try {
    const learner = await bench.login('queue-learner');
    const quizHeaders = { cookie: learner.cookieHeader(), 'content-type': 'application/json', 'x-voxel-academy': '1', origin: bench.base };
    const quiz = (): Promise<autocannon.Result> => autocannon({ url: bench.base + QUIZ_PATH, method: 'POST', connections: 20, duration: seconds, headers: quizHeaders, body: QUIZ_BODY });
    const quiet = await quiz();

    // Many clients (each its own address, as the hub's proxy reports it), `lanes` requests in
    // flight, from another process; quiz grading measured here meanwhile.
    const pdfFile = join(mkdtempSync(join(tmpdir(), 'voxel-bench-flood-')), 'certificate.pdf');
    writeFileSync(pdfFile, pdf);
    const flooding = new Promise<{ accepted: number[]; refused: number[]; retryAfter: number[]; rateLimited: number; other: number }>((resolve, reject) => {
      execFile(process.execPath, [FLOOD, `${bench.base}/services/academy/api/verify`, pdfFile, String(lanes), String(seconds)], { maxBuffer: 64 << 20 }, (err, stdout) =>
        err ? reject(err) : resolve(JSON.parse(stdout) as { accepted: number[]; refused: number[]; retryAfter: number[]; rateLimited: number; other: number })
      );
    });
    const during = await quiz();
    const flood = await flooding;

    // One client alone: its per-client limit (30 a minute here) answers 429 before the pool fills.
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${bench.base}/services/academy/api/verify`, { method: 'POST', body: pdf, headers: { 'x-forwarded-for': '192.0.2.99' } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return {
      flood: {
        lanes,
        requests: flood.accepted.length + flood.refused.length + flood.rateLimited + flood.other,
        accepted: flood.accepted.length,
        queueFull503: flood.refused.length,
        rateLimited429: flood.rateLimited,
        acceptedP50Ms: pct(flood.accepted, 0.5),
        acceptedP99Ms: pct(flood.accepted, 0.99),
        refusedP99Ms: pct(flood.refused, 0.99),
        retryAfterSeconds: flood.retryAfter
      },
      oneClient: { requests: statuses.length, accepted: statuses.filter((s) => s === 200).length, rateLimited429: statuses.filter((s) => s === 429).length },
      quiz: { quietRps: Math.round(quiet.requests.average), quietP99Ms: quiet.latency.p99, floodRps: Math.round(during.requests.average), floodP99Ms: during.latency.p99 }
    };
  } finally {
    await bench.stop();
  }
}
