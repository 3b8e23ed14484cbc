import { describe, expect, it } from 'vitest';
import type { Catalog, CourseProgress } from '@voxel-academy/protocol';
import { suggestedLesson } from '../src/lessons/suggested';
import type { IAcademyClient } from '../src/tokens';

const lesson = (id: string) => ({ id, title: id, summary: '', estimatedMinutes: 10, objectives: [], prerequisites: [], status: 'available' as const });
const course = (id: string, lessons: string[]) => ({ id, title: id, summary: '', tracks: [{ id: 't', title: 't', tier: 'foundation' as const, description: '', modules: [{ id: 'm', title: 'm', lessons: lessons.map(lesson) }] }] });
const CATALOG: Catalog = { courses: [course('first', ['a1', 'a2']), course('second', ['b1', 'b2'])] };

function client(progress: Record<string, CourseProgress>): IAcademyClient {
  return {
    catalog: async () => CATALOG,
    request: async (path: string) => progress[path.split('/')[2] ?? ''] as CourseProgress
  } as unknown as IAcademyClient;
}

const progress = (courseId: string, next: string, updatedAt: string | null): CourseProgress => ({
  courseId,
  user: 'ada',
  lessons: updatedAt ? [{ lessonId: `${courseId === 'first' ? 'a' : 'b'}1`, state: 'in_progress', updatedAt }] : [],
  tracks: [],
  nextLessonId: next
});

describe('Continue Learning with several courses', () => {
  it('suggests the next lesson of the course the learner last worked in', async () => {
    const picked = await suggestedLesson(client({ first: progress('first', 'a1', '2026-11-01T10:00:00Z'), second: progress('second', 'b2', '2026-11-02T10:00:00Z') }));
    expect(picked).toMatchObject({ course: 'second', lesson: 'b2' });
  });

  it('starts a new learner in the first course of the catalog', async () => {
    const picked = await suggestedLesson(client({ first: progress('first', 'a1', null), second: progress('second', 'b1', null) }));
    expect(picked).toMatchObject({ course: 'first', lesson: 'a1' });
  });
});
