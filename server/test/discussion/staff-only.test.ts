import { describe, expect, it } from 'vitest';
import { canRead, staffOnlyNow } from '../../src/discussion/access.js';
import type { IServiceContext } from '../../src/services/context.js';
import type { IItemDiscussionSettingRow, IThreadRow } from '../../src/store/aggregates/discussion.js';

const DEADLINE = Date.parse('2030-01-01T00:00:00Z');
/** Only what the rule reads: the clock and the assessments' deadlines. */
const ctxAt = (now: number): IServiceContext =>
  ({
    now: () => now,
    content: { courses: new Map([['demo', { assessments: new Map([['seg', { deadline: '2030-01-01T00:00:00Z' }], ['quiz', { deadline: null }]]) }]]) }
  }) as unknown as IServiceContext;
const thread = (assessment: string | null, item: string | null): IThreadRow => ({
  id: 't', course: 'demo', lesson: 'l', assessment, item, title: 'q', author: 'eve', anonymous: false, createdAt: 0, lastActivityAt: 0, resolved: false, locked: false, replies: 0, votes: 0, endorsed: false
});
const on = (assessment: string, item: string): IItemDiscussionSettingRow => ({ course: 'demo', assessment, item, staffOnlyUntilDeadline: true, updatedBy: 'prof', updatedAt: 0 });
const learner = (user: string) => ({ user, roles: ['learner' as const] });

describe('staff-only item threads', () => {
  it('open to everyone once the deadline has passed, not a moment before', () => {
    const settings = [on('seg', 'mask')];
    expect(staffOnlyNow(ctxAt(DEADLINE - 1), thread('seg', 'mask'), settings)).toBe(true);
    expect(staffOnlyNow(ctxAt(DEADLINE), thread('seg', 'mask'), settings)).toBe(true);
    expect(staffOnlyNow(ctxAt(DEADLINE + 1), thread('seg', 'mask'), settings)).toBe(false);
    expect(canRead(ctxAt(DEADLINE - 1), learner('fay'), thread('seg', 'mask'), settings)).toBe(false);
    expect(canRead(ctxAt(DEADLINE + 1), learner('fay'), thread('seg', 'mask'), settings)).toBe(true);
  });

  it('stay readable by their asker and by staff; other items and lesson threads are never staff-only', () => {
    const settings = [on('seg', 'mask'), on('quiz', 'water')];
    const before = ctxAt(DEADLINE - 1);
    expect(canRead(before, learner('eve'), thread('seg', 'mask'), settings)).toBe(true);
    expect(canRead(before, { user: 'prof', roles: ['instructor'] }, thread('seg', 'mask'), settings)).toBe(true);
    expect(staffOnlyNow(before, thread('seg', 'other'), settings)).toBe(false);
    expect(staffOnlyNow(before, thread(null, null), settings)).toBe(false);
    // An item without a deadline stays staff-only until an instructor opens it.
    expect(staffOnlyNow(ctxAt(DEADLINE * 2), thread('quiz', 'water'), settings)).toBe(true);
  });
});
