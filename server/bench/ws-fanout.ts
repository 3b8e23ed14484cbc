import { IDEMPOTENCY_HEADER } from '@voxel-academy/protocol';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import type { Browser } from '../test/support/http.js';
import { QUIZ_PATH, startBenchServer } from './bench-server.js';
import { pct } from './percentile.js';

export interface IFanoutFigures {
  connectedLearners: number;
  events: number;
  /** Server send → arrival on the learner's socket (the fan-out itself). */
  eventP50Ms: number;
  eventP99Ms: number;
  eventMaxMs: number;
  /** Start of the submit request → graded event in the learner's tab, with a wave of submits in flight. */
  submitToEventP50Ms: number;
  submitToEventP99Ms: number;
  /** The same path with one submit at a time (same sockets, same server): the anchor of the above. */
  quietSubmits: number;
  quietP50Ms: number;
  quietP99Ms: number;
  /** Send → arrival of the quiet submits' events. */
  quietEventP99Ms: number;
  /** In-flight p99 over quiet p99. */
  p99Ratio: number;
}

const SUBMIT_BODY = JSON.stringify({ answers: { q1: { type: 'choice', selected: ['a'] } } });

/**
 * 2,000 learners each hold a WebSocket; waves of them submit at once. Two latencies: the
 * fan-out itself (server send stamp → arrival, same machine clock, ms resolution), and the
 * whole submit → event path a learner sees in another tab.
 */

export async function runFanoutBench(learners = 2000, waves = 10, perWave = 200, quietSubmits = 200): Promise<IFanoutFigures> {
  const bench = await startBenchServer();
  const sockets: WebSocket[] = [];
  // Submits go out on plain keep-alive connections, bodies read: fetch with unread bodies made
  // the load generator's own loop part of the figure.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  try {
    const sessions: Browser[] = [];
    for (let i = 0; i < learners; i += 100) {
      sessions.push(...(await Promise.all(Array.from({ length: Math.min(100, learners - i) }, (_, k) => bench.login(`fan-${i + k}`)))));
    }
    const pending = new Map<string, (arrival: { at: number; sentAt: number }) => void>();
    for (let i = 0; i < learners; i += 200) {
      const batch = sessions.slice(i, i + 200).map(
        (s, k) =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(bench.base.replace('http', 'ws') + '/services/academy/api/events', { headers: { cookie: s.cookieHeader(), origin: bench.base } });
            ws.on('message', (data) => {
              const event = JSON.parse(String(data)) as { type: string; at: number };
              if (event.type === 'submission.graded') pending.get(`fan-${i + k}`)?.({ at: Date.now(), sentAt: event.at });
            });
            ws.once('open', () => resolve(ws));
            ws.once('error', reject);
          })
      );
      sockets.push(...(await Promise.all(batch)));
    }
    const url = new URL(bench.base + QUIZ_PATH);
    const submit = (cookie: string): Promise<number> =>
      new Promise((resolve, reject) => {
        // A fresh Idempotency-Key per submit, as the extension sends (the server looks it up and indexes it).
        const headers = { cookie, origin: bench.base, 'x-voxel-academy': '1', 'content-type': 'application/json', 'content-length': Buffer.byteLength(SUBMIT_BODY), [IDEMPOTENCY_HEADER]: randomUUID() };
        const req = request(url, { method: 'POST', agent, headers }, (res) => {
          res.resume();
          res.once('end', () => resolve(res.statusCode ?? 0));
        });
        req.once('error', reject);
        req.end(SUBMIT_BODY);
      });
    const submitAndWait = async (index: number): Promise<{ endToEnd: number; fanout: number }> => {
      const name = `fan-${index}`;
      const started = Date.now();
      const arrived = new Promise<{ at: number; sentAt: number }>((resolve) => pending.set(name, resolve));
      const session = sessions[index];
      if (!session) throw new Error(`no session for learner ${index}`);
      const status = await submit(session.cookieHeader());
      // Every key is new: anything but 201 Created (a 200 would be a repeated key, not graded) fails the bench.
      if (status !== 201) throw new Error(`submit answered ${status}`);
      const arrival = await arrived;
      pending.delete(name);
      return { endToEnd: arrival.at - started, fanout: arrival.at - arrival.sentAt };
    };
    const endToEnd: number[] = [];
    const fanout: number[] = [];
    const quiet: number[] = [];
    const quietFanout: number[] = [];
    // Quiet and loaded submits alternate wave by wave, so uneven load from elsewhere on the
    // machine falls on both figures of the ratio.
    for (let w = 0; w < waves; w++) {
      for (let k = 0; k < quietSubmits / waves; k++) {
        const r = await submitAndWait((w * 31 + k * 13) % learners);
        quiet.push(r.endToEnd);
        quietFanout.push(r.fanout);
      }
      const chosen = Array.from({ length: perWave }, (_, k) => (w * perWave + k * 7) % learners);
      for (const r of await Promise.all(chosen.map(submitAndWait))) {
        endToEnd.push(r.endToEnd);
        fanout.push(r.fanout);
      }
    }
    quiet.sort((a, b) => a - b);
    quietFanout.sort((a, b) => a - b);
    endToEnd.sort((a, b) => a - b);
    fanout.sort((a, b) => a - b);
    return {
      connectedLearners: sockets.length,
      events: fanout.length,
      eventP50Ms: pct(fanout, 0.5),
      eventP99Ms: pct(fanout, 0.99),
      eventMaxMs: fanout.at(-1) ?? NaN,
      submitToEventP50Ms: pct(endToEnd, 0.5),
      submitToEventP99Ms: pct(endToEnd, 0.99),
      quietSubmits: quiet.length,
      quietP50Ms: pct(quiet, 0.5),
      quietP99Ms: pct(quiet, 0.99),
      quietEventP99Ms: pct(quietFanout, 0.99),
      p99Ratio: Math.round((100 * pct(endToEnd, 0.99)) / Math.max(1, pct(quiet, 0.99))) / 100
    };
  } finally {
    agent.destroy();
    for (const ws of sockets) ws.terminate();
    await bench.stop();
  }
}
