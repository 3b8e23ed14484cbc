/** What a pool worker answers: a value, or an expected failure whose code the caller maps to HTTP. */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/**
 * The task a pool sends a worker it has just started, before the real task: answered at once,
 * so the start (loading the worker's modules) is timed apart from the task (see TaskPool).
 */
export const WARM_UP = 'voxel-academy:warm-up';

/**
 * Wraps a worker's task handler for piscina: expected failures (classified by `codeOf`) come back
 * as data, because structured clone drops an Error's class and fields on the way to the pool.
 * Anything unclassified is reported as `internal` with its message (never its stack).
 */
export function workerTask<Req, Res>(
  handle: (request: Req) => Promise<Res>,
  codeOf: (err: unknown) => string | null = () => null,
  /** Runs the worker's code paths once before its first task (see TaskPool); a failure here is left to the real task to report. */
  warmUp?: () => Promise<unknown>
): (request: Req) => Promise<TaskOutcome<Res>> {
  return async (request) => {
    if ((request as unknown) === WARM_UP) {
      await warmUp?.().catch(() => undefined);
      return { ok: true, value: null as Res };
    }
    try {
      return { ok: true, value: await handle(request) };
    } catch (err) {
      return { ok: false, code: codeOf(err) ?? 'internal', message: err instanceof Error ? err.message : String(err) };
    }
  };
}
