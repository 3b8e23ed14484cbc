import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_SESSION_ENDED } from '../../src/live/ws-server.js';
import { DEMO_QUIZ_PASSING, useDemoApp } from '../support/demo.js';
import { openLiveSocket as open, sleep, until } from '../support/live.js';
import { loginAs } from '../support/session.js';

const EVENTS = '/services/academy/api/events';
const QUIZ = '/services/academy/api/courses/demo/assessments/quiz/submissions';

describe('live-event sockets with the default 30 s heartbeat', () => {
  const demo = useDemoApp();

  // Before the fix the heartbeat never saw an accepted socket and dropped each on its first
  // tick (code 1006, ~14 s on average); events sent in the gap were lost.
  it('keep an idle socket open across a heartbeat tick and deliver what is sent after it', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const tab = await open(app, ada);
    let closedWith: number | null = null;
    void tab.closed.then((code) => (closedWith = code));
    await sleep(31_000);
    expect(closedWith).toBeNull();
    expect((await ada.post(QUIZ, { answers: DEMO_QUIZ_PASSING })).status).toBe(201);
    await until(() => tab.messages.some((m) => m.type === 'submission.graded'));
    tab.ws.close();
  }, 45_000);
});

describe('live-event sockets live as long as the session, and a learner holds a bounded number', () => {
  // Identity TTL 0: every check asks the hub, so a revoked token shows at the next tick.
  const demo = useDemoApp({ ACADEMY_WS_HEARTBEAT_SECONDS: '0.3', ACADEMY_MAX_SOCKETS_PER_LEARNER: '3', ACADEMY_IDENTITY_TTL_SECONDS: '0' });

  it('keeps answering sockets through many ticks and drops one that stopped answering pings', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const healthy = await open(app, ada);
    const silent = await open(app, ada, { autoPong: false });
    expect(await silent.closed).toBe(1006);
    await sleep(1500);
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
    healthy.ws.close();
  });

  it('closes the sockets of a session on logout (4401), and the cookie no longer opens one', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const adaTab = await open(app, ada);
    const bobTab = await open(app, bob);
    const cookie = ada.cookieHeader();
    await ada.get('/services/academy/logout');
    expect(await adaTab.closed).toBe(CLOSE_SESSION_ENDED);
    expect(bobTab.ws.readyState).toBe(WebSocket.OPEN);
    const reopened = new WebSocket(app.base.replace('http', 'ws') + EVENTS, { headers: { cookie, origin: app.base } });
    await expect(new Promise((_, reject) => reopened.once('unexpected-response', (_r, res) => reject(new Error(`HTTP ${res.statusCode}`))))).rejects.toThrow('HTTP 401');
    bobTab.ws.close();
  });

  it('closes sockets when the hub revokes the token (the session is re-checked on the heartbeat)', async () => {
    const { app, hub } = demo;
    const bob = await loginAs(app.base, hub, { name: 'eve' });
    const tab = await open(app, bob);
    await sleep(700);
    expect(tab.ws.readyState).toBe(WebSocket.OPEN);
    hub.revokeAll();
    expect(await tab.closed).toBe(CLOSE_SESSION_ENDED);
  });

  it('refuses a fourth socket of the same learner (429) and accepts one again when a tab closes', async () => {
    const { app, hub } = demo;
    const cyd = await loginAs(app.base, hub, { name: 'cyd' });
    const tabs = [await open(app, cyd), await open(app, cyd), await open(app, cyd)];
    await expect(open(app, cyd)).rejects.toThrow('HTTP 429');
    // Another learner is not affected.
    const dan = await open(app, await loginAs(app.base, hub, { name: 'dan' }));
    tabs[0]!.ws.close();
    await tabs[0]!.closed;
    const again = await open(app, cyd);
    for (const t of [...tabs.slice(1), again, dan]) t.ws.close();
  });
});

describe('live-event sockets close when the session expires', () => {
  const demo = useDemoApp({ ACADEMY_SESSION_HOURS: '0.0005' });

  it('at the session’s end (4401), not at the next heartbeat', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const tab = await open(app, ada);
    // 0.0005 h = 1.8 s; the heartbeat (30 s) is longer than this test's time limit.
    expect(await tab.closed).toBe(CLOSE_SESSION_ENDED);
  });
});
