import type { FakeHub, IFakeHubUser } from './fake-hub.js';
import { Browser } from './http.js';

export const ACCESS = 'access:services!service=academy';

/** A browser that went through the service's OAuth flow against the fake hub. */
export async function loginAs(base: string, hub: FakeHub, user: Partial<IFakeHubUser> & { name: string }): Promise<Browser> {
  const browser = new Browser(base);
  const start = await browser.get('/services/academy/oauth_login');
  const authorize = new URL(start.headers.get('location')!, 'http://hub.test');
  const code = hub.authorize({ scopes: [ACCESS], ...user }, authorize.searchParams.get('code_challenge')!);
  const done = await browser.get(`/services/academy/oauth_callback?code=${code}&state=${authorize.searchParams.get('state')}`);
  if (done.status !== 302) throw new Error(`login of ${user.name} failed: ${done.status}`);
  return browser;
}
