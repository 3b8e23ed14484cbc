import { afterEach, describe, expect, it, vi } from 'vitest';
import { CellProgress } from '../src/kernel/progress-display';

type Shown = { kind: 'display' | 'update'; id: string | undefined; text: unknown; html: unknown };

afterEach(() => vi.useRealTimers());

describe('progress bars in a cell', () => {
  it('shows a bar, updates it in place (ticking while the share is unknown) and ends with the time taken', () => {
    vi.useFakeTimers();
    let now = 0;
    const shown: Shown[] = [];
    const record = (kind: Shown['kind']) => (c: { data: Record<string, unknown>; transient?: { display_id?: string } }) =>
      void shown.push({ kind, id: c.transient?.display_id, text: c.data['text/plain'], html: c.data['text/html'] });
    const progress = new CellProgress({ display: record('display'), update: record('update') }, 'k1-3', () => now);
    progress.report({ id: 't1', label: 'itk.register: elastix (rigid)', fraction: null, state: 'running' });
    now = 1500;
    vi.advanceTimersByTime(1500);
    now = 2100;
    progress.report({ id: 't1', label: 'itk.register: elastix (rigid)', fraction: 1, state: 'done' });
    vi.advanceTimersByTime(2000);
    expect(shown[0]).toMatchObject({ kind: 'display', id: 'k1-3-t1', text: 'itk.register: elastix (rigid): running, 0.0 s' });
    expect(String(shown[0]?.html)).toContain('<progress max="100"');
    expect(shown.some((s) => s.text === 'itk.register: elastix (rigid): running, 1.5 s')).toBe(true);
    expect(shown.at(-1)).toMatchObject({ kind: 'update', id: 'k1-3-t1', text: 'itk.register: elastix (rigid): done in 2.1 s' });
    expect(String(shown.at(-1)?.html)).not.toContain('<progress');
    expect(new Set(shown.map((s) => s.id))).toEqual(new Set(['k1-3-t1']));
  });

  it('marks a wait the cell did not finish as failed when the cell ends', () => {
    const shown: string[] = [];
    const progress = new CellProgress({ display: () => undefined, update: (c) => void shown.push(String(c.data['text/plain'])) }, 'k', () => 0);
    progress.report({ id: 't', label: 'course.data: loading dataset "head-ct"', fraction: 0.25, state: 'running', detail: '10.0 of 40.0 MB' });
    progress.dispose();
    expect(shown.at(-2)).toBe('course.data: loading dataset "head-ct": 25 %, 0.0 s (10.0 of 40.0 MB)');
    expect(shown.at(-1)).toMatch(/failed after 0.0 s \(the cell ended first\)/);
  });
});
