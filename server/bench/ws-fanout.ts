import WebSocket from 'ws';
import type { Browser } from '../test/support/http.js';
import { startBenchServer } from './bench-server.js';

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
}

const pct = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * 2,000 learners each hold a WebSocket; waves of them submit at once. Two latencies: the
 * fan-out itself (server send stamp → arrival, same machine clock, ms resolution), and the
 * whole submit → event path a learner sees in another tab.
 */
export async function runFanoutBench(learners = 2000, waves = 10, perWave = 200): Promise<IFanoutFigures> {
  const bench = await startBenchServer();
  const sockets: WebSocket[] = [];
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
    const endToEnd: number[] = [];
    const fanout: number[] = [];
    for (let w = 0; w < waves; w++) {
      const chosen = Array.from({ length: perWave }, (_, k) => (w * perWave + k * 7) % learners);
      await Promise.all(
        chosen.map(async (index) => {
          const name = `fan-${index}`;
          const started = Date.now();
          const arrived = new Promise<{ at: number; sentAt: number }>((resolve) => pending.set(name, resolve));
          const body = { answers: { q1: { type: 'choice', selected: ['a'] } } };
          const session = sessions[index];
          if (!session) throw new Error(`no session for learner ${index}`);
          await session.post('/services/academy/api/courses/bench/assessments/bench-quiz/submissions', body);
          const arrival = await arrived;
          endToEnd.push(arrival.at - started);
          fanout.push(arrival.at - arrival.sentAt);
          pending.delete(name);
        })
      );
    }
    endToEnd.sort((a, b) => a - b);
    fanout.sort((a, b) => a - b);
    return {
      connectedLearners: sockets.length,
      events: fanout.length,
      eventP50Ms: pct(fanout, 0.5),
      eventP99Ms: pct(fanout, 0.99),
      eventMaxMs: fanout.at(-1) ?? NaN,
      submitToEventP50Ms: pct(endToEnd, 0.5),
      submitToEventP99Ms: pct(endToEnd, 0.99)
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await bench.stop();
  }
}
