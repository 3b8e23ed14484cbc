import { ServiceError } from '../services/errors.js';
import { PoolBusyError, TaskFailedError, TaskTimeoutError, WorkerCrashedError } from './task-pool.js';

const PASSED_ON = new Set(['bad_request', 'payload_too_large', 'invalid_image', 'too_complex', 'not_found']);

/**
 * Maps what a pool reports to the typed errors services raise: a full or recovering pool is a
 * 503 with Retry-After; an input that outran its time or memory limit is a 422 naming the
 * limit; a failure the worker classified keeps its code. Anything else stays a plain error (500).
 */
export function poolErrorToService(err: unknown, subject: string): unknown {
  if (err instanceof PoolBusyError) {
    return new ServiceError('overloaded', 'The server is busy', `${err.message} Try again in ${Math.ceil(err.retryAfterSeconds)} s.`, err.retryAfterSeconds);
  }
  if (err instanceof TaskTimeoutError) {
    return new ServiceError('too_complex', 'Took too long to process', `${subject} could not be processed within the ${Math.round(err.limitMs / 1000)} s limit, so it was stopped.`);
  }
  if (err instanceof WorkerCrashedError) {
    return new ServiceError('too_complex', 'Too costly to process', `${subject} needed more memory than a worker may use, so it was stopped.`);
  }
  if (err instanceof TaskFailedError && PASSED_ON.has(err.code)) {
    const code = err.code as 'bad_request' | 'payload_too_large' | 'invalid_image' | 'too_complex' | 'not_found';
    const title = { bad_request: 'Not accepted', payload_too_large: 'Image too large', invalid_image: 'Not a readable image', too_complex: 'Too costly to process', not_found: 'Not found' }[code];
    return new ServiceError(code, title, err.message);
  }
  return err;
}
