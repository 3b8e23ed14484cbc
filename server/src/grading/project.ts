import type { Grader } from './types.js';
import { answerOfType, outcome } from './common.js';

export const AWAITING_REVIEW = 'Submitted: your course team grades this project with its rubric; the result and their comments will appear here.';

/**
 * A project is graded by people (services/reviews.ts), so this grader only says what the
 * automatic pass can: nothing submitted earns nothing. A submitted project is routed to the
 * grading queue before this outcome is ever stored (services/grading.ts).
 */
export const gradeProject: Grader<'project'> = (item, answer) => {
  const got = answerOfType(item, answer, 'project');
  if ('outcome' in got) return got.outcome;
  return outcome(item, 0, AWAITING_REVIEW);
};
