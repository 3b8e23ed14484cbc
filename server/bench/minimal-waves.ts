import { Agent, request } from 'node:http';
import { QUIZ_BODY } from './bench-server.js';
import { pct } from './percentile.js';
import { startMinimalPath } from './quiz-throughput.js';

export interface IMinimalWaveFigures {
  /** Request start → response, 200 requests sent at once (p99 over every wave). */
  inFlightP99Ms: number;
  /** The same, one request at a time, interleaved with the waves. */
  quietP50Ms: number;
  quietP99Ms: number;
  p99Ratio: number;
}

/**
 * The submit → event figure's bound, measured: the minimal Express + zod + SQLite path (its own
 * process) under the same waves as the course server — 200 submits at once, and one at a time
 * between waves — timed request start → response. One thread answers a wave one request after
 * another, so its last answer comes ~200 × the time of one: this ratio is what the path with
 * the least work per request gets, no event sent.
 */
export async function runMinimalWaves(waves = 10, perWave = 200, quietPerWave = 20): Promise<IMinimalWaveFigures> {
  const minimal = await startMinimalPath();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(minimal.url);
  const post = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(QUIZ_BODY) } }, (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`the minimal path answered ${res.statusCode}`))));
      });
      req.once('error', reject);
      req.end(QUIZ_BODY);
    });
  try {
    const quiet: number[] = [];
    const inFlight: number[] = [];
    for (let w = 0; w < waves; w++) {
      for (let k = 0; k < quietPerWave; k++) quiet.push(await post());
      inFlight.push(...(await Promise.all(Array.from({ length: perWave }, post))));
    }
    const round1 = (n: number): number => Math.round(n * 10) / 10;
    return {
      inFlightP99Ms: round1(pct(inFlight, 0.99)),
      quietP50Ms: round1(pct(quiet, 0.5)),
      quietP99Ms: round1(pct(quiet, 0.99)),
      p99Ratio: Math.round((100 * pct(inFlight, 0.99)) / pct(quiet, 0.99)) / 100
    };
  } finally {
    agent.destroy();
    await minimal.close();
  }
}
