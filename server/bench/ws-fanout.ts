import WebSocket from 'ws';
import type { Browser } from '../test/support/http.js';
import { startBenchServer } from './bench-server.js';

export interface IFanoutFigures {
  connectedLearners: number;
  events: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const pct = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * 2,000 learners each hold a WebSocket; waves of them submit at once. Latency is from the
 * start of the submit request to the graded event arriving on that learner's socket — what a
 * learner sees in another tab.
 */
export async function runFanoutBench(learners = 2000, waves = 10, perWave = 200): Promise<IFanoutFigures> {
  const bench = await startBenchServer();
  const sockets: WebSocket[] = [];
  try {
    const sessions: Browser[] = [];
    for (let i = 0; i < learners; i += 100) {
      sessions.push(...(await Promise.all(Array.from({ length: Math.min(100, learners - i) }, (_, k) => bench.login(`fan-${i + k}`)))));
    }
    const pending = new Map<string, (at: number) => void>();
    for (let i = 0; i < learners; i += 200) {
      const batch = sessions.slice(i, i + 200).map(
        (s, k) =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(bench.base.replace('http', 'ws') + '/services/academy/api/events', { headers: { cookie: s.cookieHeader(), origin: bench.base } });
            ws.on('message', (data) => {
              const event = JSON.parse(String(data)) as { type: string };
              if (event.type === 'submission.graded') pending.get(`fan-${i + k}`)?.(performance.now());
            });
            ws.once('open', () => resolve(ws));
            ws.once('error', reject);
          })
      );
      sockets.push(...(await Promise.all(batch)));
    }
    const latencies: number[] = [];
    for (let w = 0; w < waves; w++) {
      const chosen = Array.from({ length: perWave }, (_, k) => (w * perWave + k * 7) % learners);
      await Promise.all(
        chosen.map(async (index) => {
          const name = `fan-${index}`;
          const started = performance.now();
          const arrived = new Promise<number>((resolve) => pending.set(name, resolve));
          const body = { answers: { q1: { type: 'choice', selected: ['a'] } } };
          await sessions[index]!.post('/services/academy/api/courses/bench/assessments/bench-quiz/submissions', body);
          latencies.push((await arrived) - started);
          pending.delete(name);
        })
      );
    }
    latencies.sort((a, b) => a - b);
    const round = (x: number): number => Math.round(x * 10) / 10;
    return { connectedLearners: sockets.length, events: latencies.length, p50Ms: round(pct(latencies, 0.5)), p99Ms: round(pct(latencies, 0.99)), maxMs: round(latencies.at(-1) ?? NaN) };
  } finally {
    for (const ws of sockets) ws.terminate();
    await bench.stop();
  }
}
