import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaggeredRounds } from '../../src/live/staggered-rounds.js';

describe('staggered rounds (the live sockets’ heartbeat)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('visits each member once per period, a slice per tick, never all at once', () => {
    const visits: Array<[number, number]> = [];
    const rounds = new StaggeredRounds<number>(30_000, (m) => visits.push([Date.now(), m]));
    for (let m = 0; m < 2000; m++) rounds.add(m);
    vi.advanceTimersByTime(30_000);
    // Every member once in the first period...
    expect(visits.map(([, m]) => m).sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    // ...in 30 ticks of a thirtieth each (67 or 66 members), one second apart.
    const perTick = new Map<number, number>();
    for (const [at] of visits) perTick.set(at, (perTick.get(at) ?? 0) + 1);
    expect(perTick.size).toBe(30);
    expect(Math.max(...perTick.values())).toBeLessThanOrEqual(67);
    // And once again in the next period.
    vi.advanceTimersByTime(30_000);
    expect(visits).toHaveLength(4000);
    rounds.stop();
  });

  it('stops visiting a member deleted (also during its own visit) and one more period visits the rest', () => {
    const seen: string[] = [];
    const rounds = new StaggeredRounds<string>(3000, (m) => {
      seen.push(m);
      if (m === 'b') rounds.delete('b');
    });
    for (const m of ['a', 'b', 'c']) rounds.add(m);
    rounds.delete('c');
    vi.advanceTimersByTime(6000);
    expect(seen.filter((m) => m === 'a')).toHaveLength(2);
    expect(seen.filter((m) => m === 'b')).toHaveLength(1);
    expect(seen).not.toContain('c');
    rounds.stop();
  });

  it('takes fewer slices when the period is short (ticks of at least 50 ms)', () => {
    const visits: number[] = [];
    const rounds = new StaggeredRounds<number>(300, () => visits.push(Date.now()));
    for (let m = 0; m < 12; m++) rounds.add(m);
    vi.advanceTimersByTime(300);
    expect(visits).toHaveLength(12);
    expect(new Set(visits).size).toBe(6);
    rounds.stop();
  });
});
