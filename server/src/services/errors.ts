import type { ErrorCode } from '@voxel-academy/protocol';

/** A typed failure a service expects; each transport (REST, WS) maps codes to its own form. */
export class ServiceError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'internal' | 'hub_unavailable' | 'unauthenticated'>,
    message: string,
    readonly detail?: string,
    /** Seconds until retrying makes sense (rate limits). */
    readonly retryAfterSeconds?: number
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (what: string): ServiceError => new ServiceError('not_found', `${what} not found`);
export const forbidden = (why: string): ServiceError => new ServiceError('forbidden', why);
