import { ApiPath, CourseProgress, LessonNotebook } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';

const fill = (path: string, params: Record<string, string>): string =>
  path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));

export function fetchProgress(client: IAcademyClient, course: string): Promise<CourseProgress> {
  return client.request(fill(ApiPath.progress, { course }), CourseProgress);
}

export function fetchLessonNotebook(client: IAcademyClient, course: string, lesson: string): Promise<LessonNotebook> {
  return client.request(fill(ApiPath.lessonNotebook, { course, lesson }), LessonNotebook);
}

export function reportLessonOpened(client: IAcademyClient, course: string, lesson: string): Promise<CourseProgress> {
  return client.request(fill(ApiPath.lessonOpened, { course, lesson }), CourseProgress, { method: 'POST' });
}
