import type { LearningJourney } from '@voxel-academy/protocol';
import { journeyOf } from '../journey/journey.js';
import { knownTimeZone } from '../journey/streaks.js';
import { courseOf, type IActor, type IServiceContext } from './context.js';
import { ServiceError } from './errors.js';

/**
 * The learner's own points, level, streak and milestones in a course, derived from their graded
 * work and progress (nothing is stored for it, so a regrade or an override moves it too).
 * `timeZone` is where the learner is (the browser's IANA zone): it decides which calendar day
 * an evening's work falls on.
 */
export async function getJourney(ctx: IServiceContext, actor: IActor, courseId: string, timeZone = 'UTC'): Promise<LearningJourney> {
  const course = courseOf(ctx, courseId);
  const zone = knownTimeZone(timeZone);
  if (zone === null) throw new ServiceError('bad_request', 'Unknown time zone', 'tz must be an IANA time zone such as Europe/Berlin or UTC (the browser’s Intl.DateTimeFormat().resolvedOptions().timeZone).');
  const [submissions, lessons, activity] = await Promise.all([
    ctx.store.listSubmissions({ user: actor.user, course: courseId }),
    ctx.store.lessonProgress(actor.user, courseId),
    ctx.store.activity(actor.user, courseId)
  ]);
  return journeyOf({ course, submissions, lessons, activity, now: ctx.now(), timeZone: zone });
}
