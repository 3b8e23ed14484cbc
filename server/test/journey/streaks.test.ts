import { describe, expect, it } from 'vitest';
import { knownTimeZone, streaksOf } from '../../src/journey/streaks.js';

const at = (iso: string): number => Date.parse(iso);

describe('learning streaks', () => {
  it('counts calendar days where the learner is, not UTC days', () => {
    // 23:30 and 00:30 UTC are two UTC days, but the same evening in New York (UTC−5)…
    const times = [at('2026-12-01T23:30:00Z'), at('2026-12-02T00:30:00Z')];
    expect(streaksOf(times, at('2026-12-02T01:00:00Z'), 'UTC')).toMatchObject({ current: 2, longest: 2 });
    expect(streaksOf(times, at('2026-12-02T01:00:00Z'), 'America/New_York')).toMatchObject({ current: 1, longest: 1, activeToday: true });
    // …and two days in Tokyo (UTC+9) too: 08:30 and 09:30 on 2 December.
    expect(streaksOf([at('2026-12-01T23:30:00Z'), at('2026-12-02T14:59:00Z'), at('2026-12-02T15:01:00Z')], at('2026-12-02T16:00:00Z'), 'Asia/Tokyo')).toMatchObject({
      current: 2,
      longest: 2,
      activeToday: true
    });
  });

  it('keeps the current streak alive until a day without activity has passed, and remembers the longest', () => {
    const days = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-28', '2026-11-29'].map((d) => at(`${d}T12:00:00Z`));
    const yesterdayOnly = streaksOf(days, at('2026-11-30T08:00:00Z'), 'UTC');
    expect(yesterdayOnly).toMatchObject({ current: 2, longest: 4, activeToday: false });
    expect(streaksOf(days, at('2026-12-01T08:00:00Z'), 'UTC')).toMatchObject({ current: 0, longest: 4, activeToday: false });
    expect(streaksOf([], at('2026-12-01T08:00:00Z'), 'UTC')).toMatchObject({ current: 0, longest: 0, activeToday: false });
  });

  it('says when a run first reached n days: the first activity of its n-th day', () => {
    const times = ['2026-11-01T09:00:00Z', '2026-11-02T18:00:00Z', '2026-11-02T07:00:00Z', '2026-11-05T10:00:00Z', '2026-11-06T10:00:00Z', '2026-11-07T11:00:00Z'].map(at);
    const streaks = streaksOf(times, at('2026-11-07T12:00:00Z'), 'UTC');
    expect(streaks.reached(2)).toBe(at('2026-11-02T07:00:00Z'));
    expect(streaks.reached(3)).toBe(at('2026-11-07T11:00:00Z'));
    expect(streaks.reached(4)).toBeNull();
  });

  it('knows IANA zones and refuses anything else', () => {
    expect(knownTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(knownTimeZone('UTC')).toBe('UTC');
    for (const bad of ['', 'Mars/Olympus', 'Europe/Berlin; DROP', 'x'.repeat(65)]) expect(knownTimeZone(bad)).toBeNull();
  });
});
