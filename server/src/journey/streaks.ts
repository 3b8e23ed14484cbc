/**
 * Days of learning activity in the learner's time zone. A day is a calendar date where they
 * are (an evening's work at 23:30 in Tokyo is that day, not the next UTC day), counted as whole
 * days since 1970-01-01 so that consecutive dates differ by one.
 */

/** The time zone if the runtime knows it (IANA name, e.g. Europe/Berlin), else null. */
export function knownTimeZone(name: string): string | null {
  if (name.length === 0 || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Calendar day number of an instant in a time zone. */
export function dayNumber(at: number, format: Intl.DateTimeFormat): number {
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return Math.round(Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day'])) / 86_400_000);
}

export function dayFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
}

export interface IStreaks {
  current: number;
  longest: number;
  activeToday: boolean;
  /** When a run of consecutive days first reached n days (the first activity of its n-th day), by n. */
  reached(days: number): number | null;
}

/**
 * Streaks over activity instants. The current streak runs up to today, or up to yesterday while
 * today has no activity yet (a learner who studied every evening is not at 0 each morning).
 */
export function streaksOf(times: readonly number[], now: number, timeZone: string): IStreaks {
  const format = dayFormat(timeZone);
  const firstAt = new Map<number, number>();
  for (const at of times) {
    const day = dayNumber(at, format);
    const known = firstAt.get(day);
    if (known === undefined || at < known) firstAt.set(day, at);
  }
  const days = [...firstAt.entries()].sort(([a], [b]) => a - b);
  // Run length ending at each day, and the first time each length was reached.
  const runAt = new Map<number, number>();
  const firstReached = new Map<number, number>();
  let longest = 0;
  for (const [day, at] of days) {
    const run = (runAt.get(day - 1) ?? 0) + 1;
    runAt.set(day, run);
    if (!firstReached.has(run)) firstReached.set(run, at);
    longest = Math.max(longest, run);
  }
  const today = dayNumber(now, format);
  const activeToday = runAt.has(today);
  const current = runAt.get(today) ?? runAt.get(today - 1) ?? 0;
  return { current, longest, activeToday, reached: (n) => firstReached.get(n) ?? null };
}
