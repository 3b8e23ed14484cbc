import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent } from './support/fixture-content.js';
import type { Browser } from './support/http.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';

const EVENTS = '/services/academy/api/events';

function open(app: ITestApp, browser: Browser | null, origin?: string): Promise<{ ws: WebSocket; messages: unknown[] }> {
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

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(predicate()).toBe(true);
}

describe('live events over WebSocket', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(hub.apiUrl, {}, fixtureContent());
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('pushes a graded submission to every open tab of that learner only', async () => {
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const tab1 = await open(app, ada);
    const tab2 = await open(app, ada);
    const other = await open(app, bob);
    await until(() => tab1.messages.length > 0 && tab2.messages.length > 0 && other.messages.length > 0);
    expect(tab1.messages[0]).toMatchObject({ type: 'hello', user: 'ada' });

    const res = await ada.post('/services/academy/api/courses/demo/assessments/quiz/submissions', {
      answers: { modality: { type: 'choice', selected: ['ct'] } }
    });
    const { id } = await res.json();
    for (const tab of [tab1, tab2]) {
      await until(() => tab.messages.some((m) => (m as { type: string }).type === 'submission.graded'));
      expect(tab.messages.find((m) => (m as { type: string }).type === 'submission.graded')).toMatchObject({ submission: { id, user: 'ada' } });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(other.messages).toHaveLength(1);
    expect(other.messages[0]).toMatchObject({ type: 'hello', user: 'bob' });
    for (const t of [tab1, tab2, other]) t.ws.close();
  });

  it('refuses a socket without a session (401) or from another origin (403)', async () => {
    await expect(open(app, null)).rejects.toThrow('HTTP 401');
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    await expect(open(app, ada, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });
});
