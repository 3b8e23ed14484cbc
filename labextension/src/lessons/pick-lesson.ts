import { InputDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
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
 * Asks which lesson, for commands run from the palette without arguments (the sidebar passes
 * them). Returns null when the learner cancels or nothing qualifies (and says so).
 */
export async function pickLesson(client: IAcademyClient, trans: TranslationBundle, title: string, keep?: (lesson: Lesson) => boolean): Promise<IPickedLesson | null> {
  const lessons = availableLessons(await client.catalog(), keep);
  if (lessons.length === 0) {
    await InputDialog.getItem({ title, items: [trans.__('No lesson is available yet.')], okLabel: trans.__('Close') });
    return null;
  }
  const picked = await InputDialog.getItem({ title, label: trans.__('Lesson'), items: lessons.map((l) => l.label) });
  return picked.button.accept ? (lessons.find((l) => l.label === picked.value) ?? null) : null;
}

/** The lesson the server suggests next (first course with a suggestion), or the first lesson. */
export async function suggestedLesson(client: IAcademyClient): Promise<IPickedLesson | null> {
  const catalog = await client.catalog();
  const lessons = availableLessons(catalog);
  for (const course of catalog.courses) {
    const progress = await fetchProgress(client, course.id);
    const next = lessons.find((l) => l.course === course.id && l.lesson === progress.nextLessonId);
    if (next) return next;
  }
  return lessons[0] ?? null;
}
