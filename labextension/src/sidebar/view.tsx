import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { TIERS, type CourseProgress, type CourseSummary, type DiscussionCounts, type LearningJourney, type LessonSummary, type Tier, type TrackSummary } from '@voxel-academy/protocol';
import type { IAcademyCatalog } from '../tokens';
import { Badges, Certificates } from './certificates-view';
import { Journey } from './journey-view';
import type { ILeaderboardActions } from './leaderboard-view';
import { LessonRow, TrackProgress } from './lesson-row';

/** What the sidebar asks the application to do (commands live in the plugins). */
export interface ISidebarActions {
  openLesson(courseId: string, lesson: LessonSummary): void;
  openAssessment(courseId: string, lesson: LessonSummary): void;
  /** Opens the instructor workspace (shown to instructors and admins only). */
  openInstructor?(): void;
  /** Opens a lesson's discussion beside it. */
  openDiscussion?(courseId: string, lesson: LessonSummary): void;
  /** A course's opt-in leaderboard (read, join, leave). */
  leaderboard?: ILeaderboardActions;
}

/** Which tracks the learner has open ("course/track"), kept across reloads by the plugin. */
export interface IOpenTracks {
  initial: ReadonlySet<string> | null;
  save(open: ReadonlySet<string>): void;
}

interface IViewProps {
  state: IAcademyCatalog.State;
  trans: TranslationBundle;
  actions: ISidebarActions;
  open: ReadonlySet<string> | null;
  toggle(key: string, open: boolean): void;
  refresh(): void;
}

/**
 * The Academy sidebar: a React view over the catalog model. A live event re-renders what
 * changed and nothing else, so open tracks, the scroll position and the focused lesson stay.
 */
export class AcademySidebar extends ReactWidget {
  private open: Set<string> | null;

  constructor(
    private readonly model: IAcademyCatalog,
    private readonly trans: TranslationBundle,
    private readonly actions: ISidebarActions,
    private readonly tracks: IOpenTracks = { initial: null, save: () => undefined }
  ) {
    super();
    this.addClass('va-Sidebar');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('Voxel Academy courses'));
    this.open = tracks.initial ? new Set(tracks.initial) : null;
  }

  /** Open tracks as restored later (the state database answers after the first render). */
  restoreOpenTracks(open: ReadonlySet<string>): void {
    this.open = new Set(open);
    this.update();
  }

  protected render(): React.ReactElement {
    return (
      <UseSignal signal={this.model.changed} initialArgs={this.model.state}>
        {(_, state) => (
          <SidebarView
            state={state ?? this.model.state}
            trans={this.trans}
            actions={this.actions}
            open={this.open}
            toggle={(key, isOpen) => this.toggle(key, isOpen)}
            refresh={() => void this.model.refresh()}
          />
        )}
      </UseSignal>
    );
  }

  private toggle(key: string, isOpen: boolean): void {
    // Until the learner toggles one, the Foundation tracks are open (see Track below).
    const open = this.open ?? defaultOpen(this.model.state);
    if (isOpen === open.has(key)) return;
    if (isOpen) open.add(key);
    else open.delete(key);
    this.open = open;
    this.tracks.save(open);
    this.update();
  }
}

function defaultOpen(state: IAcademyCatalog.State): Set<string> {
  if (state.kind !== 'ready') return new Set();
  return new Set(state.catalog.courses.flatMap((c) => c.tracks.filter((t) => t.tier === 'foundation').map((t) => `${c.id}/${t.id}`)));
}

function SidebarView(props: IViewProps): React.ReactElement {
  const { state, trans } = props;
  return (
    <>
      <header className="va-Sidebar-header">
        <h2 className="va-Sidebar-title">{trans.__('Voxel Academy')}</h2>
        {state.kind === 'ready' && props.actions.openInstructor && state.me.roles.some((r) => r === 'instructor' || r === 'admin') ? (
          <button type="button" className="va-Sidebar-instructor jp-Button" onClick={props.actions.openInstructor}>
            {trans.__('Instructor')}
          </button>
        ) : null}
        <button type="button" className="va-Sidebar-refresh jp-Button" onClick={props.refresh}>
          {trans.__('Refresh')}
        </button>
      </header>
      <div className="va-Sidebar-body" aria-busy={state.kind === 'loading'}>
        {state.kind === 'loading' ? <p className="va-Sidebar-status" role="status">{trans.__('Loading the course catalog…')}</p> : null}
        {state.kind === 'error' ? (
          <div className="va-Sidebar-error" role="alert">
            <p>{state.message}</p>
          </div>
        ) : null}
        {state.kind === 'ready' ? (
          <>
            <p className="va-Sidebar-user">{trans.__('Signed in as %1', state.me.name)}</p>
            {state.catalog.courses.length === 0 ? <p className="va-Sidebar-status">{trans.__('No courses are published yet.')}</p> : null}
            <Certificates certificates={state.certificates} trans={trans} />
            <Badges badges={state.badges} trans={trans} />
            {state.catalog.courses.map((course) => (
              <Course key={course.id} course={course} progress={state.progress.get(course.id)} journey={state.journeys.get(course.id)} discussions={state.discussions.get(course.id)} {...props} />
            ))}
          </>
        ) : null}
      </div>
    </>
  );
}

type CourseProps = IViewProps & { course: CourseSummary; progress: CourseProgress | undefined; journey: LearningJourney | undefined; discussions: DiscussionCounts | undefined };

function Course(props: CourseProps): React.ReactElement {
  const { course, trans } = props;
  const titles = new Map(course.tracks.flatMap((t) => t.modules.flatMap((m) => m.lessons.map((l) => [l.id, l.title] as const))));
  const tierNames: Record<Tier, string> = {
    foundation: trans.__('Foundation'),
    intermediate: trans.__('Intermediate'),
    advanced: trans.__('Advanced'),
    specialized: trans.__('Specialized tracks')
  };
  return (
    <section className="va-Course" data-course-id={course.id} aria-labelledby={`va-course-${course.id}`}>
      <h3 className="va-Course-title" id={`va-course-${course.id}`}>
        {course.title}
      </h3>
      {course.summary ? <p className="va-Course-summary">{course.summary}</p> : null}
      {props.journey ? <Journey journey={props.journey} trans={trans} leaderboard={props.actions.leaderboard} /> : null}
      {TIERS.filter((tier) => course.tracks.some((t) => t.tier === tier)).map((tier) => (
        <div key={tier} className={`va-Tier va-Tier-${tier}`}>
          <h4 className="va-Tier-title">{tierNames[tier]}</h4>
          {course.tracks
            .filter((t) => t.tier === tier)
            .map((track) => (
              <Track key={track.id} track={track} titles={titles} {...props} />
            ))}
        </div>
      ))}
    </section>
  );
}

function Track(props: CourseProps & { track: TrackSummary; titles: ReadonlyMap<string, string> }): React.ReactElement {
  const { course, track, progress, trans } = props;
  const key = `${course.id}/${track.id}`;
  const isOpen = props.open ? props.open.has(key) : track.tier === 'foundation';
  const share = progress?.tracks.find((t) => t.trackId === track.id);
  return (
    <details className="va-Track" data-track-id={track.id} open={isOpen} onToggle={(e) => props.toggle(key, (e.currentTarget as HTMLDetailsElement).open)}>
      <summary className="va-Track-title">{track.title}</summary>
      {share && share.total > 0 ? <TrackProgress percent={share.percent} label={trans.__('%1: %2 % complete', track.title, share.percent)} trans={trans} /> : null}
      {track.modules.map((mod) => (
        <React.Fragment key={mod.id}>
          <div className="va-Module-title">{mod.title}</div>
          <ul className="va-LessonList" aria-label={mod.title}>
            {mod.lessons.map((lesson) => (
              <LessonRow
                key={lesson.id}
                courseId={course.id}
                lesson={lesson}
                progress={progress}
                titles={props.titles}
                trans={trans}
                open={props.actions.openLesson}
                openAssessment={props.actions.openAssessment}
                discussion={props.discussions?.lessons[lesson.id]}
                openDiscussion={props.actions.openDiscussion}
              />
            ))}
          </ul>
        </React.Fragment>
      ))}
    </details>
  );
}
