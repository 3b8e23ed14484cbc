import type { KernelMessage } from '@jupyterlab/services';
import type { IProgressEvent } from '@voxel-academy/kernel';

type DisplayContent = KernelMessage.IUpdateDisplayDataMsg['content'];

/** How a cell's progress reaches JupyterLab: a display with an id, then updates to it. */
export interface IProgressOutput {
  display(content: DisplayContent): void;
  update(content: DisplayContent): void;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** One line of progress: a <progress> bar (indeterminate while the share is unknown) and what runs. */
export function progressContent(event: IProgressEvent, elapsedMs: number, displayId: string): DisplayContent {
  const seconds = `${(elapsedMs / 1000).toFixed(1)} s`;
  const share = event.fraction === null ? null : Math.round(event.fraction * 100);
  const state = event.state === 'done' ? `done in ${seconds}` : event.state === 'failed' ? `failed after ${seconds}` : share === null ? `running, ${seconds}` : `${share} %, ${seconds}`;
  const text = `${event.label}: ${state}${event.detail ? ` (${event.detail})` : ''}`;
  const bar =
    event.state === 'running'
      ? `<progress ${share === null ? '' : `value="${share}" `}max="100" aria-label="${escapeHtml(event.label)}"></progress> `
      : '';
  return {
    data: { 'text/html': `<div class="va-CellProgress" data-state="${event.state}">${bar}<span>${escapeHtml(text)}</span></div>`, 'text/plain': text },
    metadata: {},
    transient: { display_id: displayId }
  };
}

/**
 * Shows a cell's long waits as progress bars that update in place; a wait that reports no steps
 * (an elastix run blocks the worker) still shows its elapsed time, ticking every half second.
 */
export class CellProgress {
  private readonly tasks = new Map<string, { event: IProgressEvent; started: number; displayId: string; timer: ReturnType<typeof setInterval> | null }>();

  constructor(
    private readonly output: IProgressOutput,
    private readonly prefix: string,
    private readonly now: () => number = () => performance.now()
  ) {}

  report(event: IProgressEvent): void {
    let task = this.tasks.get(event.id);
    if (!task) {
      task = { event, started: this.now(), displayId: `${this.prefix}-${event.id}`, timer: null };
      this.tasks.set(event.id, task);
      this.output.display(progressContent(event, 0, task.displayId));
      const ticking = task;
      ticking.timer = setInterval(() => this.output.update(progressContent(ticking.event, this.now() - ticking.started, ticking.displayId)), 500);
    }
    task.event = event;
    if (event.state !== 'running') this.finish(event.id);
    else this.output.update(progressContent(event, this.now() - task.started, task.displayId));
  }

  /** Stops every ticker (the cell ended, or the kernel went away). */
  dispose(): void {
    for (const id of [...this.tasks.keys()]) this.finish(id);
  }

  private finish(id: string): void {
    const task = this.tasks.get(id);
    if (!task) return;
    if (task.timer !== null) clearInterval(task.timer);
    this.tasks.delete(id);
    const final = task.event.state === 'running' ? { ...task.event, state: 'failed' as const, detail: 'the cell ended first' } : task.event;
    this.output.update(progressContent(final, this.now() - task.started, task.displayId));
  }
}
