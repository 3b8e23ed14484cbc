import type { IProgressEvent } from '../rows.js';

/** Lesson progress: the append-only event log and the per-lesson state derived from it. */
export interface IProgressStore {
  recordProgress(event: IProgressEvent): Promise<void>;
  lessonProgress(user: string, course: string): Promise<ILessonProgressRow[]>;
  roster(course: string): Promise<IRosterRow[]>;
}

export interface ILessonProgressRow {
  lesson: string;
  status: 'in_progress' | 'completed';
  updatedAt: number;
}

export interface IRosterRow {
  user: string;
  enrolledAt: number;
  lessons: ILessonProgressRow[];
}
