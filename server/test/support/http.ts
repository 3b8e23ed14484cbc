
/** A tiny cookie jar: enough to follow one browser through the OAuth flow. */
export class Browser {
  constructor(
    private readonly base: string,
    private readonly cookies = new Map<string, string>()
  ) {}

  /** The same browser (one cookie jar) talking to another address: a second replica of the server. */
  at(base: string): Browser {
    return new Browser(base, this.cookies);
  }

  async get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  /** A same-origin state-changing request, as the extension sends it (CSRF header, Origin). */
  async post(path: string, body?: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<Response> {
    const raw = body instanceof Uint8Array;
    return this.request(method, path, {
      body: raw ? Buffer.from(body) : body === undefined ? undefined : JSON.stringify(body),
      headers: {
        'x-voxel-academy': '1',
        origin: this.base,
        'content-type': raw ? 'application/octet-stream' : 'application/json',
        ...headers
      }
    });
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, init: { body?: BodyInit | undefined; headers?: Record<string, string> } = {}): Promise<Response> {
    const header = this.cookieHeader();
    const res = await fetch(this.base + path, {
      method,
      redirect: 'manual',
      body: init.body ?? null,
      headers: { ...(header ? { cookie: header } : {}), ...(init.headers ?? {}) }
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Expires=Thu, 01 Jan 1970/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
