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
  internal: 500
};

/** A failure we expected and can explain to the user; anything else is reported as internal. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string
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
    let appError: AppError;
    if (err instanceof AppError) {
      appError = err;
    } else if (err instanceof ServiceError) {
      appError = new AppError(err.code, err.message, err.detail);
      if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    } else if (isTooLarge(err)) {
      appError = new AppError('payload_too_large', 'Upload too large', 'The request body is larger than this server accepts (see ACADEMY_MAX_UPLOAD_MB).');
    } else if (err instanceof HubUnavailableError) {
      log.error('hub unreachable', { path: req.path, error: err.message });
      appError = new AppError(
        'hub_unavailable',
        'JupyterHub is not reachable right now',
        'The course server could not reach JupyterHub to check your login. Try again in a minute; if it persists, tell your course team.'
      );
    } else if (isBodyParserError(err)) {
      appError = new AppError('bad_request', 'Malformed request body', err.message);
    } else {
      log.error('unhandled error', {
        path: req.path,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err)
      });
      appError = new AppError('internal', 'Internal server error');
    }
    const problem = problemOf(appError);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}

function isTooLarge(err: unknown): boolean {
  return err instanceof Error && 'type' in err && (err as { type: string }).type === 'entity.too.large';
}

function isBodyParserError(err: unknown): err is Error & { status: number } {
  return err instanceof Error && 'status' in err && (err as { status: number }).status === 400;
}
