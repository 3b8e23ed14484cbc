import type { Contents } from '@jupyterlab/services';
import type { IAcademyClient } from '../tokens';
import { fetchLessonNotebook, reportLessonOpened } from './lesson-api';

/** Where a lesson's working copy lives in the learner's workspace. */
export function lessonPath(course: string, lesson: string): string {
  return `academy/${course}/${lesson}.ipynb`;
}

/**
 * The lesson a workspace notebook belongs to: its copy (`academy/<course>/<lesson>.ipynb`) or a
 * newer version opened beside it (`<lesson>.course-<version>.ipynb`); null for other files.
 */
export function lessonOfPath(path: string): { courseId: string; lessonId: string } | null {
  const m = /^academy\/([a-z0-9]+(?:-[a-z0-9]+)*)\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.course-[0-9a-f]+)?\.ipynb$/.exec(path);
  return m ? { courseId: m[1] as string, lessonId: m[2] as string } : null;
}

export interface IOpenedLesson {
  path: string;
  /** True when the course ships a newer notebook than the learner's copy was made from. */
  updateAvailable: boolean;
  latestVersion: string;
}

interface IAcademyMetadata {
  course?: string;
  lesson?: string;
  version?: string;
}

/**
 * Makes sure the learner has a working copy of the lesson and returns its path. An existing
 * copy is never overwritten — it may hold the learner's work; a newer course version is only
 * reported.
 */
export async function prepareLesson(contents: Contents.IManager, client: IAcademyClient, course: string, lesson: string): Promise<IOpenedLesson> {
  const path = lessonPath(course, lesson);
  const shipped = await fetchLessonNotebook(client, course, lesson);
  const existing = await contents.get(path, { content: true }).catch(() => null);
  if (!existing) {
    await ensureDirectory(contents, 'academy');
    await ensureDirectory(contents, `academy/${course}`);
    await contents.save(path, { type: 'notebook', format: 'json', content: stamped(shipped.notebook, course, lesson, shipped.version) });
  }
  void reportLessonOpened(client, course, lesson).catch(() => undefined);
  const metadata = ((existing?.content as { metadata?: Record<string, unknown> } | null)?.metadata?.['voxel_academy'] ?? {}) as IAcademyMetadata;
  return { path, updateAvailable: existing !== null && metadata.version !== undefined && metadata.version !== shipped.version, latestVersion: shipped.version };
}

/** Saves the course's current version beside the learner's copy, for side-by-side reading. */
export async function saveLatestBeside(contents: Contents.IManager, client: IAcademyClient, course: string, lesson: string): Promise<string> {
  const shipped = await fetchLessonNotebook(client, course, lesson);
  const path = `academy/${course}/${lesson}.course-${shipped.version.slice(0, 8)}.ipynb`;
  await contents.save(path, { type: 'notebook', format: 'json', content: stamped(shipped.notebook, course, lesson, shipped.version) });
  return path;
}

/** Reset: a timestamped backup of the learner's copy first, then the course's notebook. */
export async function resetLesson(contents: Contents.IManager, client: IAcademyClient, course: string, lesson: string, now = new Date()): Promise<{ path: string; backup: string | null }> {
  const path = lessonPath(course, lesson);
  const existing = await contents.get(path, { content: true }).catch(() => null);
  let backup: string | null = null;
  if (existing) {
    const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '').replace('T', '-');
    backup = `academy/${course}/${lesson}.backup-${stamp}.ipynb`;
    await contents.save(backup, { type: 'notebook', format: 'json', content: existing.content });
  } else {
    await ensureDirectory(contents, 'academy');
    await ensureDirectory(contents, `academy/${course}`);
  }
  const shipped = await fetchLessonNotebook(client, course, lesson);
  await contents.save(path, { type: 'notebook', format: 'json', content: stamped(shipped.notebook, course, lesson, shipped.version) });
  return { path, backup };
}

function stamped(notebook: Record<string, unknown>, course: string, lesson: string, version: string): Record<string, unknown> {
  const metadata = (notebook['metadata'] ?? {}) as Record<string, unknown>;
  return { ...notebook, metadata: { ...metadata, voxel_academy: { course, lesson, version } } };
}

async function ensureDirectory(contents: Contents.IManager, path: string): Promise<void> {
  const found = await contents.get(path, { content: false }).catch(() => null);
  if (!found) await contents.save(path, { type: 'directory' });
}
