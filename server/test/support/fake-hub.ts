import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface IFakeHubUser {
  name: string;
  admin?: boolean;
  groups?: string[];
  scopes: string[];
}

/**
 * A stand-in for the hub's REST API (token endpoint and /user) for unit tests of the OAuth
 * adapter. It checks PKCE and the client secret the way the hub does; the real hub is
 * exercised by the end-to-end tests.
 */
export class FakeHub {
  readonly codes = new Map<string, { user: IFakeHubUser; challenge: string }>();
  readonly tokens = new Map<string, IFakeHubUser>();
  requests = 0;
  private server: Server | null = null;

  constructor(private readonly clientSecret: string) {}

  get apiUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hub/api`;
  }

  /** What the hub's authorize page would do for a logged-in user: mint a code bound to the challenge. */
  authorize(user: IFakeHubUser, challenge: string): string {
    const code = `code-${this.codes.size + 1}-${Math.random().toString(36).slice(2)}`;
    this.codes.set(code, { user, challenge });
    return code;
  }

  revokeAll(): void {
    this.tokens.clear();
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests++;
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && req.url === '/hub/api/oauth2/token') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          const grant = this.codes.get(form.get('code') ?? '');
          this.codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          const challenge = createHash('sha256').update(verifier).digest('base64url');
          if (!grant || form.get('client_secret') !== this.clientSecret || grant.challenge !== challenge) {
            return send(400, { error: 'invalid_grant' });
          }
          const token = `token-${this.tokens.size + 1}-${Math.random().toString(36).slice(2)}`;
          this.tokens.set(token, grant.user);
          send(200, { access_token: token, token_type: 'Bearer' });
        });
        return;
      }
      if (req.method === 'GET' && req.url === '/hub/api/user') {
        const token = (req.headers.authorization ?? '').replace(/^token /, '');
        const user = this.tokens.get(token);
        if (!user) return send(403, { message: 'invalid token' });
        return send(200, { kind: 'user', admin: false, groups: [], ...user });
      }
      if (req.method === 'GET' && req.url === '/hub/api/') return send(200, { version: '6.1.1' });
      send(404, { message: 'not found' });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}
