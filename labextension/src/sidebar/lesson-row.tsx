import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CourseProgress, LessonState, LessonSummary } from '@voxel-academy/protocol';

export interface ILessonRowProps {
  courseId: string;
  lesson: LessonSummary;
  progress: CourseProgress | undefined;
  /** Lesson id → title, to name unmet prerequisites. */
  titles: ReadonlyMap<string, string>;
  trans: TranslationBundle;
  open(courseId: string, lesson: LessonSummary): void;
  openAssessment(courseId: string, lesson: LessonSummary): void;
  /** The lesson's questions: how many, how many unresolved, posts this learner has not read. */
  discussion?: { threads: number; unresolved: number; unread: number } | undefined;
  openDiscussion?: ((courseId: string, lesson: LessonSummary) => void) | undefined;
}

const GLYPH: Record<LessonState, string> = { not_started: '○', in_progress: '◐', completed: '●' };

/**
 * One lesson: status, estimated time, a lock naming unmet prerequisites, the suggested next
 * lesson. Available lessons open with a button (Enter/Space), so the list works by keyboard.
 */
export function LessonRow(props: ILessonRowProps): React.ReactElement {
  const { lesson, progress, trans, courseId } = props;
  const state: LessonState = progress?.lessons.find((l) => l.lessonId === lesson.id)?.state ?? 'not_started';
  const unmet = lesson.prerequisites.filter((p) => progress?.lessons.find((l) => l.lessonId === p)?.state !== 'completed');
  const stateName = { not_started: trans.__('not started'), in_progress: trans.__('in progress'), completed: trans.__('completed') }[state];
  const available = lesson.status === 'available';
  const lock = unmet.length > 0 ? trans.__('Complete first: %1', unmet.map((p) => props.titles.get(p) ?? p).join(', ')) : null;
  const content = (
    <>
      <span className="va-Lesson-status" aria-hidden="true">
        {GLYPH[state]}
      </span>
      <span className="va-Lesson-title">{lesson.title}</span>
      <span className="va-Lesson-meta">{trans.__('%1 min', lesson.estimatedMinutes)}</span>
      {lesson.status === 'upcoming' ? <span className="va-Badge">{trans.__('upcoming')}</span> : null}
      {lesson.kind === 'project' ? <span className="va-Badge va-Badge-project">{trans.__('capstone project')}</span> : null}
      {available && progress?.nextLessonId === lesson.id ? <span className="va-Badge va-Badge-next">{trans.__('next')}</span> : null}
    </>
  );
  // A list item holding two separate controls (open the lesson, open its assessment): nesting
  // one in the other would hide the inner one from keyboards and screen readers.
  return (
    <li className={`va-Lesson va-Lesson-${lesson.status} va-Lesson-state-${state}`} data-lesson-id={lesson.id} data-state={state} title={lesson.summary || lesson.title}>
      {available ? (
        <button type="button" className="va-Lesson-open" aria-label={`${lesson.title}, ${stateName}`} onClick={() => props.open(courseId, lesson)}>
          {content}
        </button>
      ) : (
        <span className="va-Lesson-open" aria-label={`${lesson.title}, ${trans.__('upcoming')}`} role="group">
          {content}
        </span>
      )}
      {lock ? <LockIcon label={lock} /> : null}
      {lesson.assessment ? (
        <button
          type="button"
          className="va-Link va-Lesson-assessment"
          aria-label={lesson.kind === 'project' ? trans.__('Submit project: %1', lesson.title) : trans.__('Assessment: %1', lesson.title)}
          onClick={() => props.openAssessment(courseId, lesson)}
        >
          {lesson.kind === 'project' ? trans.__('Project') : trans.__('Assessment')}
        </button>
      ) : null}
      {available && props.openDiscussion ? <DiscussionCount {...props} open={props.openDiscussion} /> : null}
    </li>
  );
}

/** A speech bubble with the lesson's question count; highlighted while some posts are unread. */
function DiscussionCount(props: ILessonRowProps & { open(courseId: string, lesson: LessonSummary): void }): React.ReactElement {
  const { discussion: d, trans, lesson } = props;
  const threads = d?.threads ?? 0;
  const unread = d?.unread ?? 0;
  const label =
    threads === 0
      ? trans.__('Discussion: %1, no questions yet', lesson.title)
      : trans.__('Discussion: %1, %2 questions, %3 unresolved, %4 unread', lesson.title, threads, d?.unresolved ?? 0, unread);
  return (
    <button type="button" className={`va-Link va-Lesson-discussion${unread > 0 ? ' va-mod-unread' : ''}`} aria-label={label} title={label} data-threads={threads} data-unread={unread} onClick={() => props.open(props.courseId, lesson)}>
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
        <path d="M2 2h12v9H6l-3 3v-3H2z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      {threads > 0 ? <span className="va-Lesson-discussionCount">{unread > 0 ? trans.__('%1 (%2 new)', threads, unread) : String(threads)}</span> : null}
    </button>
  );
}

/** A track's share of completed available lessons. */
export function TrackProgress(props: { percent: number; label: string; trans: TranslationBundle }): React.ReactElement {
  const percent = Math.max(0, Math.min(100, props.percent));
  return (
    <div className="va-TrackProgress" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} title={props.trans.__('%1 % complete', percent)}>
      <div className="va-TrackProgress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** A small padlock drawn as SVG (emoji fonts are not everywhere, e.g. minimal Linux desktops). */
function LockIcon(props: { label: string }): React.ReactElement {
  return (
    <span className="va-Lesson-lock" title={props.label} role="img" aria-label={props.label}>
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
        <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor" />
      </svg>
    </span>
  );
}
