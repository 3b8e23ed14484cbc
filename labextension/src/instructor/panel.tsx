import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { CourseSummary } from '@voxel-academy/protocol';
import type { LearnerActions } from './actions';
import { AnalyticsView } from './analytics-view';
import { AttentionView } from './attention-view';
import { HeatmapView } from './heatmap-view';
import { LearnerPanel } from './learner-view';
import { TABS, type IInstructorState, type InstructorModel, type InstructorTab } from './model';
import { OverviewView } from './overview-view';
import { ModerationView } from './moderation-view';
import { ProjectsView } from './projects-view';

export interface IPanelOptions {
  model: InstructorModel;
  courses: CourseSummary[];
  actions: LearnerActions;
  trans: TranslationBundle;
  openGrading(courseId: string, assessmentId: string, title: string): void;
  openThread(courseId: string, lessonId: string, threadId: string): void;
}

/** What the workspace needs to know of a course: lesson titles, assessments and projects in order. */
function courseFacts(course: CourseSummary | undefined): { titles: Map<string, string>; assessments: { id: string; title: string }[]; projects: { assessmentId: string; title: string }[] } {
  const lessons = (course?.tracks ?? []).flatMap((t) => t.modules.flatMap((m) => m.lessons)).filter((l) => l.status === 'available');
  return {
    titles: new Map(lessons.map((l) => [l.id, l.title])),
    assessments: lessons.flatMap((l) => (l.assessment ? [{ id: l.assessment, title: l.title }] : [])),
    projects: lessons.flatMap((l) => (l.kind === 'project' && l.assessment ? [{ assessmentId: l.assessment, title: l.title }] : []))
  };
}

/**
 * The instructor workspace: a course picker, tabs (overview, progress heatmap, analytics,
 * learners who need help, one learner, projects) and the tab's view, all over one model.
 */
export class InstructorPanel extends ReactWidget {
  constructor(private readonly options: IPanelOptions) {
    super();
    this.addClass('va-Instructor');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', options.trans.__('Instructor workspace'));
  }

  override dispose(): void {
    this.options.model.dispose();
    super.dispose();
  }

  protected render(): React.ReactElement {
    const { model } = this.options;
    return <UseSignal signal={model.changed} initialArgs={model.state}>{(_, state) => <Workspace {...this.options} state={state ?? model.state} />}</UseSignal>;
  }
}

function Workspace(props: IPanelOptions & { state: IInstructorState }): React.ReactElement {
  const { state: s, model, trans } = props;
  const course = props.courses.find((c) => c.id === s.courseId);
  const facts = React.useMemo(() => courseFacts(course), [course]);
  const names: Record<InstructorTab, string> = {
    overview: trans.__('Overview'),
    progress: trans.__('Progress'),
    analytics: trans.__('Analytics'),
    attention: trans.__('Needs help'),
    learner: s.learnerId ? trans.__('Learner: %1', s.learnerId) : trans.__('Learner'),
    projects: trans.__('Projects'),
    moderation: trans.__('Discussion')
  };
  const openGrading = (assessmentId: string, title: string): void => props.openGrading(s.courseId, assessmentId, title);
  const onKey = (e: React.KeyboardEvent, i: number): void => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    const tab = TABS[(next + TABS.length) % TABS.length];
    if (!tab) return;
    model.setTab(tab);
    (e.currentTarget.parentElement?.querySelector(`[data-tab="${tab}"]`) as HTMLElement | null)?.focus();
  };
  return (
    <>
      <header className="va-Instructor-header">
        <h2>{trans.__('Instructor workspace')}</h2>
        {props.courses.length > 1 ? (
          <select className="jp-mod-styled" aria-label={trans.__('Course')} value={s.courseId} onChange={(e) => model.setCourse(e.currentTarget.value)}>
            {props.courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        ) : (
          <span>{course?.title}</span>
        )}
        <button type="button" className="jp-Button va-Instructor-refresh" onClick={() => void model.loadTab()}>
          {trans.__('Refresh')}
        </button>
      </header>
      <div role="tablist" className="va-Instructor-tabs" aria-label={trans.__('Instructor views')}>
        {TABS.map((tab, i) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`va-instructor-tab-${tab}`}
            data-tab={tab}
            aria-selected={s.tab === tab}
            aria-controls="va-instructor-tabpanel"
            tabIndex={s.tab === tab ? 0 : -1}
            onClick={() => model.setTab(tab)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {names[tab]}
          </button>
        ))}
      </div>
      {s.error ? (
        <p className="va-Assessment-error" role="alert">
          {s.error}
        </p>
      ) : null}
      <div role="tabpanel" id="va-instructor-tabpanel" aria-labelledby={`va-instructor-tab-${s.tab}`} className={`va-Instructor-body va-Instructor-${s.tab}`}>
        {s.tab === 'overview' ? <OverviewView overview={s.overview} trans={trans} gradebookUrl={model.api.gradebookUrl(s.courseId)} openProjects={() => model.setTab('projects')} leaderboard={{ api: model.api, courseId: s.courseId }} /> : null}
        {s.tab === 'progress' ? <HeatmapView heatmap={s.heatmap} trans={trans} openLearner={(u) => model.openLearner(u)} /> : null}
        {s.tab === 'analytics' ? <AnalyticsView model={model} analytics={s.analytics} selected={s.analyticsId} assessments={facts.assessments} trans={trans} /> : null}
        {s.tab === 'attention' ? <AttentionView attention={s.attention} lessonTitles={facts.titles} trans={trans} openLearner={(u) => model.openLearner(u)} /> : null}
        {s.tab === 'learner' ? (
          <LearnerPanel learner={s.learner} learnerId={s.learnerId} lessonTitles={facts.titles} liveUpdates={s.liveUpdates} actions={props.actions} trans={trans} openGrading={openGrading} />
        ) : null}
        {s.tab === 'moderation' ? (
          <ModerationView api={model.api} courseId={s.courseId} lessonTitles={facts.titles} liveUpdates={s.liveUpdates} trans={trans} openThread={(lesson, thread) => props.openThread(s.courseId, lesson, thread)} />
        ) : null}
        {s.tab === 'projects' ? <ProjectsView api={model.api} courseId={s.courseId} projects={facts.projects} liveUpdates={s.liveUpdates} trans={trans} openGrading={openGrading} /> : null}
      </div>
    </>
  );
}
