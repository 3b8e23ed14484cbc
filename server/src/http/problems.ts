import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorCode, Problem } from '@voxel-academy/protocol';
import { HubUnavailableError } from '../hub/hub-client.js';
import { ServiceError } from '../services/errors.js';
import type { ILogger } from '../log.js';

const STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  bad_request: 400,
  hub_unavailable: 503,
  csrf_rejected: 403,
  rate_limited: 429,
  payload_too_large: 413,
  invalid_image: 422,
  attempts_exhausted: 409,
  deadline_passed: 409,
  conflict: 409,
  unsupported_media_type: 415,
  too_complex: 422,
  overloaded: 503,
  internal: 500
};

/** A failure we expected and can explain to the user; anything else is reported as internal. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
    /** Seconds until a retry makes sense (rate limits, a full queue): sent as Retry-After. */
    readonly retryAfterSeconds?: number
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function problemOf(err: AppError): Problem {
  const problem: Problem = {
    type: `urn:voxel-academy:problem:${err.code}`,
    title: err.message,
    status: STATUS[err.code],
    code: err.code
  };
  if (err.detail !== undefined) problem.detail = err.detail;
  return problem;
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', 'Not found', `Nothing is served at ${req.path}.`));
};

/** One adapter from typed errors to HTTP; 5xx bodies never carry internals. */
export function errorHandler(log: ILogger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err, req.path, log);
    if (appError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(appError.retryAfterSeconds))));
    const problem = problemOf(appError);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}

function toAppError(err: unknown, path: string, log: ILogger): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ServiceError) return new AppError(err.code, err.message, err.detail, err.retryAfterSeconds);
  if (err instanceof HubUnavailableError) {
    log.error('hub unreachable', { path, error: err.message });
    return new AppError(
      'hub_unavailable',
      'JupyterHub is not reachable right now',
      'The course server could not reach JupyterHub to check your login. Try again in a minute; if it persists, tell your course team.'
    );
  }
  const parser = bodyParserError(err);
  if (parser) return parser;
  log.error('unhandled error', { path, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  return new AppError('internal', 'Internal server error');
}

/**
 * body-parser (and raw-body) report client mistakes as http-errors with a 4xx `status` and a
 * `type`; each becomes the matching problem instead of a 500.
 */
function bodyParserError(err: unknown): AppError | null {
  if (!(err instanceof Error) || !('status' in err) || typeof err.status !== 'number' || err.status < 400 || err.status >= 500) return null;
  const type = 'type' in err && typeof err.type === 'string' ? err.type : '';
  switch (type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'Request body too large', 'The request body is larger than this route accepts (uploads: see ACADEMY_MAX_UPLOAD_MB).');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('unsupported_media_type', 'Unsupported body encoding', `${err.message}. Send UTF-8 JSON without a Content-Encoding.`);
    case 'request.aborted':
    case 'request.size.invalid':
      return new AppError('bad_request', 'Incomplete request body', 'The request body ended before its declared length; send it again.');
    default:
      if (err.status === 413) return new AppError('payload_too_large', 'Request body too large', err.message.slice(0, 200));
      if (err.status === 415) return new AppError('unsupported_media_type', 'Unsupported body encoding', err.message.slice(0, 200));
      return new AppError('bad_request', 'Malformed request body', err.message.slice(0, 200));
  }
}
