import type { Catalog, LessonSummary as Lesson } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';
import { fetchProgress } from './lesson-api';

export interface IPickedLesson {
  course: string;
  lesson: string;
  title: string;
  assessment?: string;
}

/** Every available lesson of the catalog in course order, labelled "Course › Track › Lesson". */
export function availableLessons(catalog: Catalog, keep: (lesson: Lesson) => boolean = () => true): (IPickedLesson & { label: string })[] {
  return catalog.courses.flatMap((course) =>
    course.tracks.flatMap((track) =>
      track.modules.flatMap((module) =>
        module.lessons
          .filter((lesson) => lesson.status === 'available' && keep(lesson))
          .map((lesson) => ({
            course: course.id,
            lesson: lesson.id,
            title: lesson.title,
            ...(lesson.assessment ? { assessment: lesson.assessment } : {}),
            label: `${course.title} › ${track.title} › ${lesson.title}`
          }))
      )
    )
  );
}

/**
 * The lesson to take next: the server's suggestion in the course the learner last worked in,
 * else in the first course (catalog order) that has one, else the first lesson.
 */
export async function suggestedLesson(client: IAcademyClient): Promise<IPickedLesson | null> {
  const catalog = await client.catalog();
  const lessons = availableLessons(catalog);
  const progress = await Promise.all(catalog.courses.map((c) => fetchProgress(client, c.id)));
  // The course the learner last worked in comes first; a new learner starts in catalog order.
  const lastActive = (p: (typeof progress)[number]): number => Math.max(0, ...p.lessons.map((l) => (l.updatedAt ? Date.parse(l.updatedAt) : 0)));
  const courses = progress.map((p, i) => ({ p, i })).sort((a, b) => lastActive(b.p) - lastActive(a.p) || a.i - b.i);
  for (const { p } of courses) {
    const next = lessons.find((l) => l.course === p.courseId && l.lesson === p.nextLessonId);
    if (next) return next;
  }
  return lessons[0] ?? null;
}
