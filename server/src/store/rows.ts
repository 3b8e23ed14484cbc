/** Rows shared by the store interfaces (types.ts, instructor-types.ts), kept apart so neither imports the other. */

export interface IItemGradeRow {
  itemId: string;
  score: number;
  points: number;
  maxPoints: number;
  feedback: string;
  measurements?: Record<string, number> | undefined;
}

export interface IProgressEvent {
  user: string;
  course: string;
  lesson: string;
  kind: 'opened' | 'assessment_passed';
  at: number;
  data?: Record<string, unknown>;
}

export interface ISubmissionRecord {
  id: string;
  user: string;
  course: string;
  assessment: string;
  attempt: number;
  status: 'pending' | 'graded' | 'error' | 'review';
  answers: Record<string, unknown>;
  submittedAt: number;
  gradedAt: number | null;
  late: boolean;
  lateFactor: number;
  score: number | null;
  passed: boolean | null;
  error: string | null;
  items: IItemGradeRow[];
}
