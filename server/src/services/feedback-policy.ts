import type { ContentItem } from '../assessments/content-schema.js';
import type { ILoadedAssessment } from '../content/load-content.js';
import { fmt } from '../grading/common.js';

/**
 * What a wrong answer reveals, and when (the assessment's `feedbackPolicy`). The explanation an
 * author writes is shown on every attempt and must teach without giving the key (the
 * adversarial curriculum check reads it like a lazy learner would); the accepted answer itself
 * is added only once the policy allows:
 *   never               — not even after the last attempt;
 *   after-last-attempt  — once the learner has no attempts left (the default);
 *   after-deadline      — once the learner's deadline has passed.
 */
export function revealAllowed(a: Pick<ILoadedAssessment, 'feedbackPolicy' | 'deadline'>, state: { attemptsLeft: number | null; now: number; personalDeadline: number | null }): boolean {
  switch (a.feedbackPolicy.reveal) {
    case 'never':
      return false;
    case 'after-last-attempt':
      return state.attemptsLeft === 0;
    case 'after-deadline': {
      const deadline = state.personalDeadline ?? (a.deadline === null ? null : Date.parse(a.deadline));
      return deadline !== null && state.now > deadline;
    }
  }
}

/** The accepted answer of an item in words, or null when there is nothing to show (image items). */
export function revealText(item: ContentItem): string | null {
  const unit = 'unit' in item && item.unit ? ` ${item.unit}` : '';
  switch (item.kind) {
    case 'single-choice': {
      const option = item.options.find((o) => o.id === item.key.correct);
      return option ? `The correct answer: “${option.text}”.` : null;
    }
    case 'multiple-choice': {
      const texts = item.options.filter((o) => item.key.correct.includes(o.id)).map((o) => `“${o.text}”`);
      return `The correct answers: ${texts.join(', ')}.`;
    }
    case 'numeric': {
      const { value, absTolerance, relTolerance } = item.key;
      const tolerance = absTolerance !== undefined ? `± ${fmt(absTolerance)}${unit}` : `± ${fmt((relTolerance ?? 0) * 100)} %`;
      return `The accepted answer: ${fmt(value)}${unit} (${tolerance}).`;
    }
    case 'short-text':
      return item.key.accept.length > 0 ? `An accepted answer: “${item.key.accept[0]}”.` : null;
    case 'transform': {
      const values = item.key.values.map((v, i) => `${item.parameters[i] ?? `value ${i + 1}`} = ${fmt(v)}`);
      return `The accepted values: ${values.join(', ')}.`;
    }
    case 'landmark':
      return `The target point: (${item.key.point.map(fmt).join(', ')}) mm.`;
    case 'segmentation':
    case 'intensity-image':
    case 'project':
      return null;
  }
}
