import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { LessonNotebook } from '@voxel-academy/protocol';
import { courseOf, type IServiceContext } from './context.js';
import { notFound } from './errors.js';

/** The shipped notebook of a lesson with its version, so the extension can tell when it changed. */
export async function lessonNotebook(ctx: IServiceContext, courseId: string, lessonId: string): Promise<LessonNotebook> {
  const path = courseOf(ctx, courseId).notebooks.get(lessonId);
  if (!path) throw notFound(`Notebook of lesson "${lessonId}"`);
  const bytes = await readFile(path);
  return {
    courseId,
    lessonId,
    version: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
    notebook: JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
  };
}
