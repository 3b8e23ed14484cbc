import { ApiPath, CourseProgress, DiscussionCounts, LearningJourney, Leaderboard, LessonNotebook, type LessonSummary } from '@voxel-academy/protocol';
import type { IAcademyCatalog, IAcademyClient } from '../tokens';

const fill = (path: string, params: Record<string, string>): string =>
  path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));

export function fetchProgress(client: IAcademyClient, course: string): Promise<CourseProgress> {
  return client.request(fill(ApiPath.progress, { course }), CourseProgress);
}

/** Points, level, streak and milestones; days are counted in the browser's time zone. */
export function fetchJourney(client: IAcademyClient, course: string): Promise<LearningJourney> {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return client.request(`${fill(ApiPath.journey, { course })}?tz=${encodeURIComponent(tz)}`, LearningJourney);
}

/** Questions, unresolved questions and unread posts per lesson (the sidebar's bubbles). */
export function fetchDiscussionCounts(client: IAcademyClient, course: string): Promise<DiscussionCounts> {
  return client.request(fill(ApiPath.discussionCounts, { course }), DiscussionCounts);
}

export function fetchLeaderboard(client: IAcademyClient, course: string): Promise<Leaderboard> {
  return client.request(fill(ApiPath.leaderboard, { course }), Leaderboard);
}

/** Joins under a pseudonym (or renames), or leaves with null. */
export function joinLeaderboard(client: IAcademyClient, course: string, pseudonym: string | null): Promise<Leaderboard> {
  return client.request(fill(ApiPath.leaderboardEntry, { course }), Leaderboard, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pseudonym })
  });
}

export function fetchLessonNotebook(client: IAcademyClient, course: string, lesson: string): Promise<LessonNotebook> {
  return client.request(fill(ApiPath.lessonNotebook, { course, lesson }), LessonNotebook);
}

export function reportLessonOpened(client: IAcademyClient, course: string, lesson: string): Promise<CourseProgress> {
  return client.request(fill(ApiPath.lessonOpened, { course, lesson }), CourseProgress, { method: 'POST' });
}

/** A lesson of a course: from the catalog the sidebar holds when it is loaded, else from the server. */
export async function findLesson(catalog: IAcademyCatalog | null, client: IAcademyClient, course: string, lesson: string): Promise<LessonSummary | undefined> {
  const courses = catalog?.state.kind === 'ready' ? catalog.state.catalog.courses : (await client.catalog()).courses;
  return courses
    .find((c) => c.id === course)
    ?.tracks.flatMap((t) => t.modules.flatMap((m) => m.lessons))
    .find((l) => l.id === lesson);
}
