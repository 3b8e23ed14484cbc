import { describe, expect, it } from 'vitest';
import { authorizeUrl, hasAccessScope, pkceChallenge, safeNext } from '../src/hub/oauth.js';
import { rolesOf } from '../src/hub/roles.js';

describe('hub OAuth helpers', () => {
  it('computes the RFC 7636 S256 challenge (appendix B test vector)', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('builds the authorize URL on the hub origin with state and PKCE', () => {
    const url = new URL(
      authorizeUrl({ hubBaseUrl: '/', clientId: 'service-academy', redirectUri: '/services/academy/oauth_callback', state: 's1', codeVerifier: 'v'.repeat(43) }),
      'http://hub.test'
    );
    expect(url.pathname).toBe('/hub/api/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'service-academy',
      redirect_uri: '/services/academy/oauth_callback',
      response_type: 'code',
      state: 's1',
      code_challenge: pkceChallenge('v'.repeat(43)),
      code_challenge_method: 'S256'
    });
  });

  it('only redirects back inside the service prefix after login', () => {
    const prefix = '/services/academy/';
    expect(safeNext('/services/academy/api/me', prefix)).toBe('/services/academy/api/me');
    expect(safeNext('https://evil.example/', prefix)).toBe(prefix);
    expect(safeNext('//evil.example/services/academy/', prefix)).toBe(prefix);
    expect(safeNext('/services/academy//evil.example', prefix)).toBe(prefix);
    expect(safeNext('/hub/admin', prefix)).toBe(prefix);
    expect(safeNext(['/services/academy/x'], prefix)).toBe(prefix);
  });

  it('resolves dot segments (plain or percent-encoded) before checking the prefix, as the browser will', () => {
    const prefix = '/services/academy/';
    // Each of these starts with the prefix as text but leaves it once the browser resolves it.
    for (const escape of [
      '/services/academy/../../hub/admin',
      '/services/academy/%2e%2e/%2E%2E/user/mallory/files/evil.html',
      '/services/academy/.%2e/.%2e/hub/token',
      '/services/academy/..%2f..%2fhub%2fadmin',
      '/services/academy/..\\..\\hub',
      '/services/academy/\t/../../hub',
      'javascript:alert(1)//services/academy/'
    ]) {
      expect(safeNext(escape, prefix), escape).toBe(prefix);
    }
    expect(safeNext('/services/academy/api/../verify?x=1#frag', prefix)).toBe('/services/academy/verify?x=1');
    expect(safeNext('/services/academy/./api/me', prefix)).toBe('/services/academy/api/me');
  });

  it('accepts a token only with one of the access scopes', () => {
    const access = ['access:services!service=academy', 'access:services'];
    expect(hasAccessScope(['read:users:name!user', 'access:services!service=academy'], access)).toBe(true);
    expect(hasAccessScope(['access:services!service=other'], access)).toBe(false);
    expect(hasAccessScope([], access)).toBe(false);
  });

  it('derives roles from the admin flag and the instructors group', () => {
    expect(rolesOf({ admin: false, groups: [] }, 'instructors')).toEqual(['learner']);
    expect(rolesOf({ admin: false, groups: ['instructors'] }, 'instructors')).toEqual(['learner', 'instructor']);
    expect(rolesOf({ admin: true, groups: ['staff'] }, 'instructors')).toEqual(['learner', 'admin']);
  });
});
