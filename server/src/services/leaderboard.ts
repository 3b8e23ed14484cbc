import type { Leaderboard } from '@voxel-academy/protocol';
import { journeyOf } from '../journey/journey.js';
import { pseudonymKey } from '../store/aggregates/leaderboard.js';
import { courseOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { ServiceError } from './errors.js';

/** Places shown besides the asker's own. */
const TOP = 20;

const isStaff = (actor: IActor): boolean => actor.roles.includes('instructor') || actor.roles.includes('admin');

/**
 * The course's opt-in leaderboard. Only pseudonyms, points and levels leave the server: a
 * learner's name never does, to peers or to staff (staff see names in the roster). Points are
 * the learner's journey points (graded work at its best), worked out when asked for.
 */
export async function getLeaderboard(ctx: IServiceContext, actor: IActor, courseId: string): Promise<Leaderboard> {
  const course = courseOf(ctx, courseId);
  const offered = course.gamification.enabled && course.gamification.leaderboard;
  const members = offered ? await ctx.store.leaderboard.entries(courseId) : [];
  const mine = members.find((m) => m.user === actor.user) ?? null;
  const base = { courseId, offered, pseudonym: mine?.pseudonym ?? null, members: members.length, entries: [] };
  if (!offered) return { ...base, available: false, reason: 'This course has no leaderboard.' };
  if (await ctx.store.leaderboard.disabled(courseId)) return { ...base, available: false, reason: 'An instructor has switched this course’s leaderboard off.' };
  if (!mine && !isStaff(actor)) return { ...base, available: true, reason: null };
  const scored = await Promise.all(
    members.map(async (m) => {
      const [submissions, lessons, activity] = await Promise.all([
        ctx.store.listSubmissions({ user: m.user, course: courseId }),
        ctx.store.lessonProgress(m.user, courseId),
        ctx.store.activity(m.user, courseId)
      ]);
      const j = journeyOf({ course, submissions, lessons, activity, now: ctx.now(), timeZone: 'UTC' });
      return { member: m, xp: j.xp, level: j.level };
    })
  );
  // Most points first; equal points share a place, the earlier member listed first.
  scored.sort((a, b) => b.xp - a.xp || a.member.joinedAt - b.member.joinedAt);
  const ranked = scored.map((s, i) => ({ ...s, rank: 1 + scored.findIndex((t) => t.xp === s.xp), index: i }));
  const shown = ranked.filter((r) => r.index < TOP || r.member.user === actor.user);
  return {
    ...base,
    available: true,
    reason: null,
    entries: shown.map((r) => ({ rank: r.rank, pseudonym: r.member.pseudonym, xp: r.xp, level: r.level, you: r.member.user === actor.user }))
  };
}

/** Joins under `pseudonym` (or renames), or leaves with null. */
export async function joinLeaderboard(ctx: IServiceContext, actor: IActor, courseId: string, pseudonym: string | null): Promise<Leaderboard> {
  const course = courseOf(ctx, courseId);
  if (pseudonym === null) {
    await ctx.store.leaderboard.leave(actor.user, courseId);
    return getLeaderboard(ctx, actor, courseId);
  }
  if (!course.gamification.enabled || !course.gamification.leaderboard) throw new ServiceError('conflict', 'No leaderboard', 'This course has no leaderboard to join.');
  if (await ctx.store.leaderboard.disabled(courseId)) throw new ServiceError('conflict', 'Leaderboard switched off', 'An instructor has switched this course’s leaderboard off; you cannot join it now.');
  // A pseudonym that is someone's name would expose or impersonate them.
  const names = new Set([actor.user, ...(await ctx.store.roster(courseId)).map((r) => r.user)].map(pseudonymKey));
  if (names.has(pseudonymKey(pseudonym))) throw new ServiceError('bad_request', 'Choose another pseudonym', 'A pseudonym may not be the name of a learner of this course, yours included.');
  const outcome = await ctx.store.leaderboard.join({ user: actor.user, course: courseId, pseudonym, joinedAt: ctx.now() });
  if (outcome === 'taken') throw new ServiceError('conflict', 'Pseudonym taken', 'Another learner of this course uses that pseudonym; choose another.');
  return getLeaderboard(ctx, actor, courseId);
}

/** Instructors switch the course's leaderboard off (hidden from everyone, joining refused) or on again. */
export async function setLeaderboardEnabled(ctx: IServiceContext, actor: IActor, courseId: string, enabled: boolean): Promise<Leaderboard> {
  requireInstructor(actor);
  courseOf(ctx, courseId);
  await ctx.store.leaderboard.setDisabled(courseId, !enabled, actor.user, ctx.now());
  return getLeaderboard(ctx, actor, courseId);
}
