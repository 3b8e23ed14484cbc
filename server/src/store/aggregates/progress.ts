import type { IProgressEvent } from '../rows.js';

/** Lesson progress: the append-only event log and the per-lesson state derived from it. */
export interface IProgressStore {
  recordProgress(event: IProgressEvent): Promise<void>;
  lessonProgress(user: string, course: string): Promise<ILessonProgressRow[]>;
  /** The learner's progress events in the course, oldest first (streaks count their days, milestones their times). */
  activity(user: string, course: string): Promise<IActivityRow[]>;
  roster(course: string): Promise<IRosterRow[]>;
}

export interface ILessonProgressRow {
  lesson: string;
  status: 'in_progress' | 'completed';
  updatedAt: number;
}

export interface IActivityRow {
  lesson: string;
  kind: 'opened' | 'assessment_passed';
  at: number;
}

export interface IRosterRow {
  user: string;
  enrolledAt: number;
  lessons: ILessonProgressRow[];
}
