import { expect } from 'vitest';
import WebSocket from 'ws';
import type { ITestApp } from './app.js';
import type { Browser } from './http.js';

const EVENTS = '/services/academy/api/events';

export interface IOpenSocket {
  ws: WebSocket;
  messages: unknown[];
}

/** A tab's live-event socket: the browser's session cookie, same origin unless told otherwise. */
export function openEvents(app: ITestApp, browser: Browser | null, origin?: string): Promise<IOpenSocket> {
  const ws = new WebSocket(app.base.replace('http', 'ws') + EVENTS, {
    headers: { ...(browser ? { cookie: browser.cookieHeader() } : {}), origin: origin ?? app.base }
  });
  const messages: unknown[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Waits (up to 2 s) for `predicate`, then asserts it. */
export async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(predicate()).toBe(true);
}

/** The messages of one type a socket received. */
export function ofType<T = Record<string, unknown>>(socket: IOpenSocket, type: string): T[] {
  return socket.messages.filter((m) => (m as { type?: string }).type === type) as T[];
}
