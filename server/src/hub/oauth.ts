import { createHash, randomBytes } from 'node:crypto';

/** A fresh random value for state, PKCE verifiers and session ids (URL-safe). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** RFC 7636 S256 code challenge for a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface IAuthorizeRequest {
  hubBaseUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeVerifier: string;
}

/** Browser-facing authorize URL; relative to the hub origin because we live behind its proxy. */
export function authorizeUrl(req: IAuthorizeRequest): string {
  const params = new URLSearchParams({
    client_id: req.clientId,
    redirect_uri: req.redirectUri,
    response_type: 'code',
    state: req.state,
    code_challenge: pkceChallenge(req.codeVerifier),
    code_challenge_method: 'S256'
  });
  return `${req.hubBaseUrl}hub/api/oauth2/authorize?${params.toString()}`;
}

/**
 * Where to send the browser after login: a path inside our own prefix, normalised the way the
 * browser will resolve it. Dot segments (also encoded as %2e) are resolved before the prefix
 * is checked, so "/services/academy/../../hub/…" cannot leave the service; encoded slashes,
 * backslashes, control characters and other origins fall back to the prefix itself.
 */
export function safeNext(next: unknown, servicePrefix: string): string {
  if (typeof next !== 'string' || next.length > 2000 || hasControlOrBackslash(next)) return servicePrefix;
  let url: URL;
  try {
    url = new URL(next, SENTINEL_ORIGIN);
  } catch {
    return servicePrefix;
  }
  if (url.origin !== SENTINEL_ORIGIN || url.username || url.password) return servicePrefix;
  const path = url.pathname;
  if (!path.startsWith(servicePrefix) || path.includes('//') || /%(2f|5c|2e)/i.test(path)) return servicePrefix;
  return path + url.search;
}

const SENTINEL_ORIGIN = 'http://service.invalid';

/** Browsers drop tabs and newlines from URLs and read "\\" as "/": such a `next` is never ours. */
function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}

/** True when the token carries at least one scope that grants access to this service. */
export function hasAccessScope(tokenScopes: readonly string[], accessScopes: readonly string[]): boolean {
  return accessScopes.some((scope) => tokenScopes.includes(scope));
}
