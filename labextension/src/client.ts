import { Signal, type ISignal } from '@lumino/signaling';
import { ApiPath, AuthPath, Catalog, CertificateSummary, CSRF_HEADER, LessonVariant, Me, Problem, VARIANT_HEADER } from '@voxel-academy/protocol';
import { z } from 'zod';
import { IAcademyClient } from './tokens';

/** The browser could not reach the hub proxy at all. */
export class AcademyNetworkError extends Error {
  constructor(cause: unknown) {
    super('The course server could not be reached. Check your connection and try again.');
    this.name = 'AcademyNetworkError';
    this.cause = cause;
  }
}

/** The course server answered with a problem response (or something that was not JSON). */
export class AcademyResponseError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    message: string
  ) {
    super(message);
    this.name = 'AcademyResponseError';
  }
}

/**
 * All HTTP to the course server goes through `request`. A 401 triggers one silent hub OAuth
 * round trip (a same-origin fetch that follows the hub's redirects and sets the service
 * cookie), then the call is retried once.
 */
export class AcademyClient implements IAcademyClient {
  private _serviceUrl: string | null;
  private readonly fetchImpl: typeof fetch;
  private login: Promise<void> | null = null;
  private readonly _serviceChanged: Signal<IAcademyClient, string | null> = new Signal(this);

  constructor(options: IAcademyClient.IOptions) {
    this._serviceUrl = options.serviceUrl;
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  }

  get serviceUrl(): string | null {
    return this._serviceUrl;
  }

  get serviceChanged(): ISignal<IAcademyClient, string | null> {
    return this._serviceChanged;
  }

  setServiceUrl(url: string | null): void {
    if (url === this._serviceUrl) return;
    this._serviceUrl = url;
    this._serviceChanged.emit(url);
  }

  me(): Promise<Me> {
    return this.request(ApiPath.me, Me);
  }

  catalog(): Promise<Catalog> {
    return this.request(ApiPath.catalog, Catalog);
  }

  certificates(): Promise<CertificateSummary[]> {
    return this.request(ApiPath.certificates, z.array(CertificateSummary));
  }

  async request<S extends z.ZodType>(path: string, schema: S, init: RequestInit = {}): Promise<z.infer<S>> {
    return parse(await this.sendWithLogin(path, init), schema);
  }

  lessonVariant(courseId: string, lessonId: string): Promise<LessonVariant> {
    return this.request(ApiPath.lessonVariant.replace(':course', encodeURIComponent(courseId)).replace(':lesson', encodeURIComponent(lessonId)), LessonVariant);
  }

  async dataset(courseId: string | null, datasetId: string, lessonId: string | null = null): Promise<IAcademyClient.IDatasetFile> {
    const course = courseId ?? (await this.catalog()).courses[0]?.id;
    if (!course) throw new AcademyResponseError(404, null, 'The course server lists no course, so there is no dataset to load.');
    const lesson = lessonId === null ? '' : `?lesson=${encodeURIComponent(lessonId)}`;
    const path = ApiPath.dataset.replace(':course', encodeURIComponent(course)).replace(':dataset', encodeURIComponent(datasetId)) + lesson;
    const response = await this.sendWithLogin(path, { headers: { accept: '*/*' } });
    // parse() turns an error response into an AcademyResponseError with the server's problem text.
    if (!response.ok) await parse(response, Me);
    // The file name carries the format (image-io picks its reader by extension).
    const disposition = response.headers.get('content-disposition') ?? '';
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
    const fileName = named ? decodeURIComponent(named) : `${datasetId}.nii.gz`;
    const phantom = response.headers.get('x-voxel-dataset-origin') === 'phantom';
    const variant = response.headers.get(VARIANT_HEADER);
    return { fileName, data: new Uint8Array(await response.arrayBuffer()), ...(phantom ? { phantom } : {}), ...(variant ? { variant } : {}) };
  }

  private async sendWithLogin(path: string, init: RequestInit): Promise<Response> {
    let response = await this.send(path, init);
    if (response.status === 401) {
      await this.ensureLogin();
      response = await this.send(path, init);
    }
    return response;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const base = this._serviceUrl;
    if (base === null) {
      throw new AcademyResponseError(0, null, 'JupyterLab is not running under JupyterHub, so the course server is not available.');
    }
    try {
      const method = (init.method ?? 'GET').toUpperCase();
      // The server refuses state-changing requests without this header (CSRF defence).
      const headers = new Headers(init.headers);
      if (!headers.has('accept')) headers.set('accept', 'application/json');
      if (method !== 'GET' && method !== 'HEAD') headers.set(CSRF_HEADER, '1');
      return await this.fetchImpl(base + path, { ...init, credentials: 'same-origin', headers });
    } catch (err) {
      throw new AcademyNetworkError(err);
    }
  }

  /** Concurrent 401s share one login round trip. */
  private ensureLogin(): Promise<void> {
    this.login ??= this.loginThroughHub().finally(() => {
      this.login = null;
    });
    return this.login;
  }

  private async loginThroughHub(): Promise<void> {
    const base = this._serviceUrl ?? '';
    const next = encodeURIComponent(base + ApiPath.me);
    const response = await this.send(`${AuthPath.login}?next=${next}`, { redirect: 'follow' });
    if (response.status === 403) {
      throw new AcademyResponseError(
        403,
        null,
        'JupyterHub did not let this account use the course service. Ask your course team to grant access.'
      );
    }
    if (response.ok && !(response.headers.get('content-type') ?? '').includes('json')) {
      // The hub showed its login page instead of completing the flow: its own session ended.
      throw new AcademyResponseError(401, null, 'Your JupyterHub login has expired. Reload the page to log in again.');
    }
    await parse(response, Me);
  }
}

async function parse<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const body: unknown = isJson ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem = Problem.safeParse(body);
    const text = problem.success
      ? problem.data.title + (problem.data.detail ? ` — ${problem.data.detail}` : '')
      : `The course server answered ${response.status} ${response.statusText}.`;
    throw new AcademyResponseError(response.status, problem.success ? problem.data : null, text);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new AcademyResponseError(response.status, null, 'The course server sent an answer this version of the extension does not understand. Reload the page.');
  }
  return parsed.data;
}
