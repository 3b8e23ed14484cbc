import { z } from 'zod';

/** The hub could not be reached or answered with a server error: the browser gets a 503. */
export class HubUnavailableError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`JupyterHub is unreachable: ${detail}`, options);
    this.name = 'HubUnavailableError';
  }
}

/** The hub refused a code or token (expired, revoked, forged): the browser must log in again. */
export class HubRejectedError extends Error {
  constructor(readonly status: number, detail: string) {
    super(`JupyterHub rejected the request (${status}): ${detail}`);
    this.name = 'HubRejectedError';
  }
}

/** The part of the hub's user model we rely on (GET /api/user with the learner's token). */
export const HubUser = z.object({
  name: z.string().min(1),
  admin: z.boolean().optional().default(false),
  groups: z.array(z.string()).optional().default([]),
  scopes: z.array(z.string()).default([])
});
export type HubUser = z.infer<typeof HubUser>;

const TokenResponse = z.object({ access_token: z.string().min(1) });

export interface IHubClientOptions {
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Talks to the hub's REST API on behalf of the service; no web-framework types here. */
export class HubClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: IHubClientOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Trades an authorization code (plus the PKCE verifier) for the learner's access token. */
  async exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<string> {
    const body = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier
    });
    const json = await this.call('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body
    });
    return TokenResponse.parse(json).access_token;
  }

  /** Who owns this token, with the scopes the token carries. */
  async whoami(token: string): Promise<HubUser> {
    const json = await this.call('/user', { headers: { authorization: `token ${token}` } });
    return HubUser.parse(json);
  }

  /** True when the hub API answers at all; used by the health endpoint. */
  async reachable(): Promise<boolean> {
    try {
      await this.call('/', {});
      return true;
    } catch (err) {
      if (err instanceof HubUnavailableError) return false;
      return true;
    }
  }

  private async call(path: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.apiUrl + path, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs)
      });
    } catch (err) {
      const reason = err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err);
      throw new HubUnavailableError(`${this.options.apiUrl}${path}: ${reason}`, { cause: err });
    }
    if (response.status >= 500) {
      throw new HubUnavailableError(`${this.options.apiUrl}${path} answered ${response.status}`);
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      throw new HubRejectedError(response.status, text);
    }
    return response.json();
  }
}
