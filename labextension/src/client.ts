import { Signal, type ISignal } from '@lumino/signaling';
import { ApiPath, AuthPath, Catalog, CertificateSummary, CSRF_HEADER, DATASET_ORIGIN_HEADER, LessonVariant, Me, Problem, UploadResult, VARIANT_HEADER } from '@voxel-academy/protocol';
import { nullTranslator, type TranslationBundle } from '@jupyterlab/translation';
import { z } from 'zod';
import { IAcademyClient } from './tokens';

/** The browser could not reach the hub proxy at all. */
export class AcademyNetworkError extends Error {
  constructor(cause: unknown, message = 'The course server could not be reached. Check your connection and try again.') {
    super(message);
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
  private readonly trans: TranslationBundle;

  constructor(options: IAcademyClient.IOptions) {
    this._serviceUrl = options.serviceUrl;
    this.trans = options.trans ?? nullTranslator.load('voxel_academy');
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
    return parse(await this.sendWithLogin(path, init), schema, this.trans);
  }

  lessonVariant(courseId: string, lessonId: string): Promise<LessonVariant> {
    return this.request(ApiPath.lessonVariant.replace(':course', encodeURIComponent(courseId)).replace(':lesson', encodeURIComponent(lessonId)), LessonVariant);
  }

  async dataset(courseId: string, datasetId: string, progress?: IAcademyClient.DownloadProgress, lessonId: string | null = null): Promise<IAcademyClient.IDatasetFile> {
    const lesson = lessonId === null ? '' : `?lesson=${encodeURIComponent(lessonId)}`;
    const path = ApiPath.dataset.replace(':course', encodeURIComponent(courseId)).replace(':dataset', encodeURIComponent(datasetId)) + lesson;
    const response = await this.sendWithLogin(path, { headers: { accept: '*/*' } });
    // parse() turns an error response into an AcademyResponseError with the server's problem text.
    if (!response.ok) await parse(response, Me, this.trans);
    // The file name carries the format (image-io picks its reader by extension).
    const disposition = response.headers.get('content-disposition') ?? '';
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
    const fileName = named ? decodeURIComponent(named) : `${datasetId}.nii.gz`;
    const phantom = response.headers.get(DATASET_ORIGIN_HEADER) === 'phantom';
    const variant = response.headers.get(VARIANT_HEADER);
    return { fileName, data: await readBody(response, progress), ...(phantom ? { phantom } : {}), ...(variant ? { variant } : {}) };
  }

  async upload(body: Blob, progress?: (fraction: number) => void): Promise<UploadResult> {
    const init = { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body };
    if (!progress) return this.request(ApiPath.uploads, UploadResult, init);
    // fetch cannot report upload progress; XMLHttpRequest can (same cookie, same CSRF header).
    const send = (): Promise<Response> => xhrUpload(`${this._serviceUrl ?? ''}${ApiPath.uploads}`, body, progress);
    let response: Response;
    try {
      response = await send();
      if (response.status === 401) {
        await this.ensureLogin();
        response = await send();
      }
    } catch (err) {
      throw new AcademyNetworkError(err, this.trans.__('The course server could not be reached. Check your connection and try again.'));
    }
    return parse(response, UploadResult, this.trans);
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
      throw new AcademyResponseError(0, null, this.trans.__('JupyterLab is not running under JupyterHub, so the course server is not available.'));
    }
    try {
      const method = (init.method ?? 'GET').toUpperCase();
      // The server refuses state-changing requests without this header (CSRF defence).
      const headers = new Headers(init.headers);
      if (!headers.has('accept')) headers.set('accept', 'application/json');
      if (method !== 'GET' && method !== 'HEAD') headers.set(CSRF_HEADER, '1');
      return await this.fetchImpl(base + path, { ...init, credentials: 'same-origin', headers });
    } catch (err) {
      throw new AcademyNetworkError(err, this.trans.__('The course server could not be reached. Check your connection and try again.'));
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
        this.trans.__('JupyterHub did not let this account use the course service. Ask your course team to grant access.')
      );
    }
    if (response.ok && !(response.headers.get('content-type') ?? '').includes('json')) {
      // The hub showed its login page instead of completing the flow: its own session ended.
      throw new AcademyResponseError(401, null, this.trans.__('Your JupyterHub login has expired. Reload the page to log in again.'));
    }
    await parse(response, Me, this.trans);
  }
}

/** POSTs a body with XMLHttpRequest (for its upload progress) and hands back a fetch Response. */
function xhrUpload(url: string, body: Blob, progress: (fraction: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader(CSRF_HEADER, '1');
    xhr.upload.addEventListener('progress', (e) => e.lengthComputable && progress(e.loaded / e.total));
    xhr.addEventListener('error', () => reject(new Error('network error')));
    xhr.addEventListener('load', () => {
      progress(1);
      resolve(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' } }));
    });
    xhr.send(body);
  });
}

/** The body's bytes, reporting the share received when the server says how many to expect. */
async function readBody(response: Response, progress?: IAcademyClient.DownloadProgress): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length') ?? '');
  if (!progress || !response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    received += next.value.length;
    progress(total > 0 ? received / total : null, total > 0 ? `${mb(received)} of ${mb(total)} MB` : `${mb(received)} MB`);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

async function parse<S extends z.ZodType>(response: Response, schema: S, trans: TranslationBundle): Promise<z.infer<S>> {
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const body: unknown = isJson ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem = Problem.safeParse(body);
    const text = problem.success
      ? problem.data.title + (problem.data.detail ? ` — ${problem.data.detail}` : '')
      : trans.__('The course server answered %1 %2.', response.status, response.statusText);
    throw new AcademyResponseError(response.status, problem.success ? problem.data : null, text);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new AcademyResponseError(response.status, null, trans.__('The course server sent an answer this version of the extension does not understand. Reload the page.'));
  }
  return parsed.data;
}
