import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub, type IFakeHubUser } from './support/fake-hub.js';
import { Browser } from './support/http.js';
import { SECRET } from './support/test-config.js';

const ACCESS = 'access:services!service=academy';

describe('course server behind the hub OAuth flow', () => {
  const hub = new FakeHub(SECRET);
  let server: ITestApp;

  beforeAll(async () => {
    await hub.start();
    // TTL 0: every API call re-checks the token with the hub, so revocation shows at once.
    server = await startTestApp(hub.apiUrl, { ACADEMY_IDENTITY_TTL_SECONDS: '0' });
  });
  afterAll(async () => {
    await server.close();
    await hub.stop();
  });
  beforeEach(() => {
    server.logLines.length = 0;
  });

  /** Walks one browser through login → hub authorize (simulated) → callback. */
  async function login(browser: Browser, user: IFakeHubUser, next = '/services/academy/api/me'): Promise<Response> {
    const start = await browser.get(`/services/academy/oauth_login?next=${encodeURIComponent(next)}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
    const code = hub.authorize(user, authorize.searchParams.get('code_challenge')!);
    return browser.get(`/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`);
  }

  it('answers API calls without a session with a 401 problem, never a redirect', async () => {
    const res = await new Browser(server.base).get('/services/academy/api/catalog');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('logs in with state + PKCE and sets a session cookie scoped to the service prefix', async () => {
    const browser = new Browser(server.base);
    const start = await browser.get('/services/academy/oauth_login?next=/services/academy/api/me');
    const stateCookie = start.headers.getSetCookie().join('\n');
    expect(stateCookie).toMatch(/voxel-academy-oauth-state=[^;]+; Max-Age=600; Path=\/services\/academy\/;.*HttpOnly; SameSite=Lax/);
    const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
    expect(authorize.pathname).toBe('/hub/api/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    const code = hub.authorize({ name: 'ada', groups: ['instructors'], scopes: [ACCESS] }, authorize.searchParams.get('code_challenge')!);
    const callback = await browser.get(`/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/services/academy/api/me');
    expect(callback.headers.getSetCookie().join('\n')).toMatch(/voxel-academy-session=[^;]+;.*Path=\/services\/academy\/;.*HttpOnly/);

    const me = await browser.get('/services/academy/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ name: 'ada', roles: ['learner', 'instructor'] });
  });

  it('rejects a callback whose state does not match this browser (login CSRF)', async () => {
    const victim = new Browser(server.base);
    const attacker = new Browser(server.base);
    const start = await attacker.get('/services/academy/oauth_login');
    const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
    const code = hub.authorize({ name: 'mallory', scopes: [ACCESS] }, authorize.searchParams.get('code_challenge')!);
    const res = await victim.get(`/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`);
    expect(res.status).toBe(403);
    expect(victim.cookie('voxel-academy-session')).toBeUndefined();
  });

  it('rejects a replayed state and a code without the matching PKCE verifier', async () => {
    const browser = new Browser(server.base);
    const start = await browser.get('/services/academy/oauth_login');
    const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
    const state = authorize.searchParams.get('state')!;
    // A code minted for a different challenge: the hub refuses the exchange.
    const wrong = hub.authorize({ name: 'ada', scopes: [ACCESS] }, 'not-the-challenge');
    expect((await browser.get(`/services/academy/oauth_callback?code=${wrong}&state=${state}`)).status).toBe(403);
    // The state was consumed by that attempt and cannot be used again.
    const good = hub.authorize({ name: 'ada', scopes: [ACCESS] }, authorize.searchParams.get('code_challenge')!);
    expect((await browser.get(`/services/academy/oauth_callback?code=${good}&state=${state}`)).status).toBe(403);
  });

  it('refuses a token that lacks the service access scope', async () => {
    const browser = new Browser(server.base);
    const res = await login(browser, { name: 'eve', scopes: ['read:users:name!user'] });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden' });
    expect(server.logLines.some((l) => l.includes('token without access scope'))).toBe(true);
  });

  it('ends the session when the hub revokes the token', async () => {
    const browser = new Browser(server.base);
    await login(browser, { name: 'grace', scopes: [ACCESS] });
    expect((await browser.get('/services/academy/api/catalog')).status).toBe(200);
    hub.revokeAll();
    const res = await browser.get('/services/academy/api/catalog');
    expect(res.status).toBe(401);
  });

  it('asks the hub once for a session’s requests that arrive together after its identity TTL', async () => {
    const browser = new Browser(server.base);
    await login(browser, { name: 'hedy', scopes: [ACCESS] });
    const before = hub.requests;
    const answers = await Promise.all(Array.from({ length: 8 }, () => browser.get('/services/academy/api/me')));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    // TTL 0 here: each request needs a fresh check, but those in flight together share one.
    expect(hub.requests - before).toBeGreaterThanOrEqual(1);
    expect(hub.requests - before).toBeLessThan(8);
    // A revoked token still ends the session on the next check.
    hub.revokeAll();
    expect((await browser.get('/services/academy/api/me')).status).toBe(401);
  });

  it('never redirects outside the service after login', async () => {
    const browser = new Browser(server.base);
    const res = await login(browser, { name: 'ada', scopes: [ACCESS] }, 'https://evil.example/');
    expect(res.headers.get('location')).toBe('/services/academy/');
  });

  it('serves security headers and a public health endpoint', async () => {
    const res = await new Browser(server.base).get('/services/academy/api/health');
    expect(res.status).toBe(200);
    // The repository's courses: Imaging for clinicians and Medical Image Analysis.
    expect(await res.json()).toEqual({ status: 'ok', service: 'academy', version: 'test', hub: 'reachable', courses: 2 });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('course server when the hub is unreachable', () => {
  it('answers 503 with a clear message, logs it, and keeps running', async () => {
    const hub = new FakeHub(SECRET);
    await hub.start();
    const server = await startTestApp(hub.apiUrl, { ACADEMY_IDENTITY_TTL_SECONDS: '0' });
    try {
      const browser = new Browser(server.base);
      const start = await browser.get('/services/academy/oauth_login');
      const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
      const code = hub.authorize({ name: 'ada', scopes: [ACCESS] }, authorize.searchParams.get('code_challenge')!);
      await browser.get(`/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`);
      await hub.stop();
      server.logLines.length = 0;

      const res = await browser.get('/services/academy/api/me');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'hub_unavailable', title: 'JupyterHub is not reachable right now' });
      expect(server.logLines.some((l) => JSON.parse(l).msg === 'hub unreachable')).toBe(true);

      const health = await browser.get('/services/academy/api/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', hub: 'unreachable' });
    } finally {
      await server.close();
    }
  });
});
