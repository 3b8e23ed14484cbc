import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestApp, type ITestApp } from '../support/app.js';
import { FakeHub } from '../support/fake-hub.js';
import { fixtureContent } from '../support/fixture-content.js';
import { Browser } from '../support/http.js';
import { ACCESS, loginAs } from '../support/session.js';
import { hubEnv, SECRET } from '../support/test-config.js';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('sessions and cookies at rest and in flight', () => {
  const hub = new FakeHub(SECRET);
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-sessions-'));
  let app: ITestApp;

  beforeAll(async () => {
    await hub.start();
    // An existing data folder left world-readable by an earlier version is tightened at boot.
    chmodSync(dataDir, 0o755);
    app = await startTestApp(hub.apiUrl, { ACADEMY_DATA_DIR: dataDir }, fixtureContent());
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('stores no usable hub token: it is sealed under a key derived from the cookie, which the database never sees', async () => {
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const token = [...hub.tokens.keys()].at(-1)!;
    const db = new Database(join(dataDir, 'academy.sqlite'), { readonly: true });
    const rows = db.prepare('select id_hash, hub_token from sessions').all() as Array<{ id_hash: string; hub_token: string }>;
    db.close();
    const cookie = ada.cookie('voxel-academy-session')!;
    for (const row of rows) {
      expect(row.hub_token).not.toContain(token);
      expect(row.hub_token).toMatch(/^v1\./);
      expect(row.id_hash).not.toBe(cookie);
    }
    // The session still works after a restart, with nothing but the cookie to unseal the token.
    await app.close();
    app = await startTestApp(hub.apiUrl, { ACADEMY_DATA_DIR: dataDir, ACADEMY_IDENTITY_TTL_SECONDS: '0' }, fixtureContent());
    const again = await fetch(`${app.base}/services/academy/api/me`, { headers: { cookie: `voxel-academy-session=${cookie}` } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ name: 'ada' });
  });

  it('creates the data folder 0700 and the database, its WAL and the secrets 0600', () => {
    expect(mode(dataDir)).toBe('700');
    for (const file of ['academy.sqlite', 'academy.sqlite-wal', 'keys/issuer-keys.json', 'keys/server-secret']) expect(mode(join(dataDir, file)), file).toBe('600');
  });

  it('keeps a login in progress through a flood of login starts from many addresses', async () => {
    const browser = new Browser(app.base);
    const start = await browser.get('/services/academy/oauth_login?next=/services/academy/api/me');
    const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
    // 12,000 anonymous login starts, each from its own (proxy-reported) address, none completed.
    for (let batch = 0; batch < 120; batch++) {
      const flood = Array.from({ length: 100 }, (_, i) =>
        fetch(`${app.base}/services/academy/oauth_login`, { redirect: 'manual', headers: { 'x-forwarded-for': `10.${batch}.${i >> 8}.${i & 255}` } })
      );
      for (const res of await Promise.all(flood)) expect([302, 429]).toContain(res.status);
    }
    const code = hub.authorize({ name: 'eve', scopes: [ACCESS] }, authorize.searchParams.get('code_challenge')!);
    const done = await browser.get(`/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/services/academy/api/me');
  });

  it('refuses a state cookie that was altered', async () => {
    const browser = new Browser(app.base);
    const start = await browser.get('/services/academy/oauth_login');
    const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
    const sealed = browser.cookie('voxel-academy-oauth-state')!;
    const forged = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const code = hub.authorize({ name: 'mallory', scopes: [ACCESS] }, authorize.searchParams.get('code_challenge')!);
    const res = await fetch(`${app.base}/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`, {
      redirect: 'manual',
      headers: { cookie: `voxel-academy-oauth-state=${forged}` }
    });
    expect(res.status).toBe(403);
  });

  it('sends the after-login redirect only inside the service, however `next` is dressed up', async () => {
    const browser = new Browser(app.base);
    const start = await browser.get(`/services/academy/oauth_login?next=${encodeURIComponent('/services/academy/%2e%2e/%2e%2e/hub/admin')}`);
    const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
    const code = hub.authorize({ name: 'ada', scopes: [ACCESS] }, authorize.searchParams.get('code_challenge')!);
    const done = await browser.get(`/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`);
    expect(done.headers.get('location')).toBe('/services/academy/');
  });
});

describe('Secure cookies', () => {
  it('are the default when the public URL is https, and can still be set either way', () => {
    const env = (extra: Record<string, string>) => loadConfig(hubEnv('http://127.0.0.1:9/hub/api', extra));
    expect(env({ ACADEMY_PUBLIC_URL: 'https://academy.example.org' }).secureCookies).toBe(true);
    expect(env({ ACADEMY_PUBLIC_URL: 'http://localhost:8000' }).secureCookies).toBe(false);
    expect(env({ ACADEMY_PUBLIC_URL: 'https://academy.example.org', ACADEMY_SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
    expect(env({ ACADEMY_SECURE_COOKIES: 'true' }).secureCookies).toBe(true);
  });

  it('are marked Secure in Set-Cookie behind an https public URL', async () => {
    const hub = new FakeHub(SECRET);
    await hub.start();
    const app = await startTestApp(hub.apiUrl, { ACADEMY_PUBLIC_URL: 'https://academy.example.org' }, fixtureContent());
    try {
      const res = await fetch(`${app.base}/services/academy/oauth_login`, { redirect: 'manual' });
      expect(res.headers.getSetCookie().join('\n')).toMatch(/voxel-academy-oauth-state=.*; Secure/);
    } finally {
      await app.close();
      await hub.stop();
    }
  });
});

