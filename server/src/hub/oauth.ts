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
 * Only redirect back inside our own prefix after login; anything else (other origins,
 * protocol-relative URLs, other hub paths) falls back to the prefix itself.
 */
export function safeNext(next: unknown, servicePrefix: string): string {
  if (typeof next !== 'string' || !next.startsWith(servicePrefix)) return servicePrefix;
  if (next.includes('//') || next.includes('\\')) return servicePrefix;
  return next;
}

/** True when the token carries at least one scope that grants access to this service. */
export function hasAccessScope(tokenScopes: readonly string[], accessScopes: readonly string[]): boolean {
  return accessScopes.some((scope) => tokenScopes.includes(scope));
}
