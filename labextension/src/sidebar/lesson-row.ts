import type { TranslationBundle } from '@jupyterlab/translation';
import type { CourseProgress, LessonState, LessonSummary } from '@voxel-academy/protocol';

export interface ILessonRowContext {
  courseId: string;
  progress: CourseProgress | undefined;
  /** Lesson id → title, to name unmet prerequisites. */
  titles: Map<string, string>;
  trans: TranslationBundle;
  open(courseId: string, lesson: LessonSummary): void;
  openAssessment(courseId: string, lesson: LessonSummary): void;
}

const GLYPH: Record<LessonState, string> = { not_started: '○', in_progress: '◐', completed: '●' };

/**
 * One lesson: status, estimated time, a lock naming unmet prerequisites, the suggested next
 * lesson. Available lessons are buttons (Enter/Space open them) so the list works by keyboard.
 */
export function renderLessonRow(lesson: LessonSummary, ctx: ILessonRowContext): HTMLElement {
  const { trans } = ctx;
  const state: LessonState = ctx.progress?.lessons.find((l) => l.lessonId === lesson.id)?.state ?? 'not_started';
  const unmet = lesson.prerequisites.filter((p) => ctx.progress?.lessons.find((l) => l.lessonId === p)?.state !== 'completed');
  const item = document.createElement('li');
  item.className = `va-Lesson va-Lesson-${lesson.status} va-Lesson-state-${state}`;
  item.dataset['lessonId'] = lesson.id;
  item.dataset['state'] = state;

  const status = document.createElement('span');
  status.className = 'va-Lesson-status';
  status.textContent = GLYPH[state];
  status.setAttribute('aria-label', { not_started: trans.__('not started'), in_progress: trans.__('in progress'), completed: trans.__('completed') }[state]);
  const title = document.createElement('span');
  title.className = 'va-Lesson-title';
  title.textContent = lesson.title;
  const meta = document.createElement('span');
  meta.className = 'va-Lesson-meta';
  meta.textContent = trans.__('%1 min', lesson.estimatedMinutes);
  item.append(status, title, meta);

  if (lesson.status === 'upcoming') item.append(badge(trans.__('upcoming'), 'va-Badge'));
  else if (ctx.progress?.nextLessonId === lesson.id) item.append(badge(trans.__('next'), 'va-Badge va-Badge-next'));
  if (unmet.length > 0) {
    const lock = lockIcon();
    const names = unmet.map((p) => ctx.titles.get(p) ?? p).join(', ');
    lock.title = trans.__('Complete first: %1', names);
    lock.setAttribute('aria-label', lock.title);
    item.append(lock);
  }
  item.title = lesson.summary || lesson.title;
  if (lesson.assessment) {
    const quiz = document.createElement('button');
    quiz.type = 'button';
    quiz.className = 'va-Link va-Lesson-assessment';
    quiz.textContent = trans.__('Assessment');
    quiz.addEventListener('click', (e) => {
      // The row itself opens the lesson; this button opens only the assessment.
      e.stopPropagation();
      ctx.openAssessment(ctx.courseId, lesson);
    });
    quiz.addEventListener('keydown', (e) => e.stopPropagation());
    item.append(quiz);
  }

  if (lesson.status === 'available') {
    item.tabIndex = 0;
    item.setAttribute('role', 'button');
    const open = (): void => ctx.open(ctx.courseId, lesson);
    item.addEventListener('click', open);
    item.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
  }
  return item;
}

/** A track's share of completed available lessons. */
export function renderTrackProgress(percent: number, trans: TranslationBundle): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'va-TrackProgress';
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.setAttribute('aria-valuenow', String(percent));
  bar.title = trans.__('%1 % complete', percent);
  const fill = document.createElement('div');
  fill.className = 'va-TrackProgress-fill';
  fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  bar.append(fill);
  return bar;
}

function badge(text: string, className: string): HTMLElement {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

/** A small padlock drawn as SVG (emoji fonts are not everywhere, e.g. minimal Linux desktops). */
function lockIcon(): HTMLElement {
  const span = document.createElement('span');
  span.className = 'va-Lesson-lock';
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  span.append(svg);
  return span;
}
