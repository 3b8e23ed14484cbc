import { expect } from 'vitest';
import WebSocket from 'ws';
import type { ITestApp } from './app.js';
import type { Browser } from './http.js';

export interface ILiveSocket {
  ws: WebSocket;
  messages: Array<{ type: string } & Record<string, unknown>>;
  /** Resolves with the close code. */
  closed: Promise<number>;
}

/** Opens api/events as `browser` (its cookie, an Origin header); rejects with "HTTP <status>" if refused. */
export function openLiveSocket(app: Pick<ITestApp, 'base'>, browser: Browser | null, options: { origin?: string; autoPong?: boolean } = {}): Promise<ILiveSocket> {
  const { origin, ...wsOptions } = options;
  const ws = new WebSocket(app.base.replace('http', 'ws') + '/services/academy/api/events', {
    headers: { ...(browser ? { cookie: browser.cookieHeader() } : {}), origin: origin ?? app.base },
    ...wsOptions
  });
  const messages: ILiveSocket['messages'] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ILiveSocket['messages'][number]));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `predicate` holds (at most `ms`), then asserts it. */
export async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !predicate() && Date.now() < end; ) await sleep(20);
  expect(predicate()).toBe(true);
}

/** The messages of one type a socket received. */
export function ofType<T = Record<string, unknown>>(socket: ILiveSocket, type: string): T[] {
  return socket.messages.filter((m) => m.type === type) as T[];
}
