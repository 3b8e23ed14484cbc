import { InputDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { LessonSummary as Lesson } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';
import { availableLessons, type IPickedLesson } from './suggested';

export { availableLessons, suggestedLesson, type IPickedLesson } from './suggested';

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
