/**
 * Progress of a long wait inside a cell (a dataset download, a registration, a variant being
 * generated), so the learner sees what the cell is waiting for instead of a silent spinner.
 * The browser kernel draws a progress bar in the cell; Node ignores it.
 */
export interface IProgressEvent {
  /** The same for every event of one task. */
  id: string;
  label: string;
  /** Share done (0–1), or null while it cannot be known (an elastix run reports no steps). */
  fraction: number | null;
  state: 'running' | 'done' | 'failed';
  /** A few words on the current phase, e.g. "12.3 of 40.1 MB". */
  detail?: string;
}

export type ProgressSink = (event: IProgressEvent) => void;

/** What a long task reports while it runs: a share done and/or a phase. */
export type ProgressUpdate = (fraction: number | null, detail?: string) => void;

let nextTask = 0;

/** Runs `task` between a "running" and a "done" (or "failed") event; it may report on the way. */
export async function withProgress<T>(sink: ProgressSink | undefined, label: string, task: (update: ProgressUpdate) => Promise<T>): Promise<T> {
  if (!sink) return task(() => undefined);
  const id = `task-${++nextTask}`;
  const emit = (event: Omit<IProgressEvent, 'id' | 'label'>): void => sink({ id, label, ...event });
  emit({ fraction: null, state: 'running' });
  try {
    const value = await task((fraction, detail) => emit({ fraction: fraction === null ? null : Math.min(1, Math.max(0, fraction)), state: 'running', ...(detail ? { detail } : {}) }));
    emit({ fraction: 1, state: 'done' });
    return value;
  } catch (err) {
    emit({ fraction: null, state: 'failed', detail: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}
