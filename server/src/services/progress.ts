import type { CourseProgress, CourseSummary, LessonState } from '@voxel-academy/protocol';
import { eachLesson } from '../content/check-course.js';
import type { ILessonProgressRow } from '../store/types.js';
import { courseOf, type IActor, type IServiceContext } from './context.js';
import { notFound } from './errors.js';
import { publishActivity } from './staff-events.js';

/** Records that the learner opened a lesson (enrolling them in the course on first use). */
export async function lessonOpened(ctx: IServiceContext, actor: IActor, courseId: string, lessonId: string): Promise<CourseProgress> {
  const course = courseOf(ctx, courseId);
  if (![...eachLesson(course.summary)].some((l) => l.lesson.id === lessonId)) throw notFound(`Lesson "${lessonId}"`);
  await ctx.store.recordProgress({ user: actor.user, course: courseId, lesson: lessonId, kind: 'opened', at: ctx.now() });
  const progress = await getProgress(ctx, actor, courseId);
  const state = progress.lessons.find((l) => l.lessonId === lessonId)?.state;
  if (state === 'in_progress' || state === 'completed') {
    ctx.events.publish(actor.user, { type: 'progress.updated', courseId, lessonId, state });
  }
  publishActivity(ctx, actor.user, courseId, { kind: 'opened', lessonId });
  return progress;
}

export async function getProgress(ctx: IServiceContext, actor: IActor, courseId: string): Promise<CourseProgress> {
  const course = courseOf(ctx, courseId);
  const rows = await ctx.store.lessonProgress(actor.user, courseId);
  return summarise(course.summary, actor.user, rows);
}

/** Pure: per-lesson state, per-track percent over available lessons, and the next lesson. */
export function summarise(course: CourseSummary, user: string, rows: ILessonProgressRow[]): CourseProgress {
  const byLesson = new Map(rows.map((r) => [r.lesson, r]));
  const stateOf = (id: string): LessonState => byLesson.get(id)?.status ?? 'not_started';
  const lessons = [...eachLesson(course)];
  const tracks = course.tracks.map((track) => {
    const available = lessons.filter((l) => l.track.id === track.id && l.lesson.status === 'available');
    const completed = available.filter((l) => stateOf(l.lesson.id) === 'completed').length;
    return {
      trackId: track.id,
      completed,
      total: available.length,
      percent: available.length === 0 ? 0 : Math.round((1000 * completed) / available.length) / 10
    };
  });
  const next = lessons.find(
    (l) =>
      l.lesson.status === 'available' &&
      stateOf(l.lesson.id) !== 'completed' &&
      l.lesson.prerequisites.every((p) => stateOf(p) === 'completed')
  );
  return {
    courseId: course.id,
    user,
    lessons: lessons.map((l) => {
      const row = byLesson.get(l.lesson.id);
      return { lessonId: l.lesson.id, state: stateOf(l.lesson.id), updatedAt: row ? new Date(row.updatedAt).toISOString() : null };
    }),
    tracks,
    nextLessonId: next?.lesson.id ?? null
  };
}
