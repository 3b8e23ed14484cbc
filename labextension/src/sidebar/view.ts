import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { TIERS, type CourseProgress, type CourseSummary, type LessonSummary, type Tier, type TrackSummary } from '@voxel-academy/protocol';
import { renderLessonRow, renderTrackProgress, type ILessonRowContext } from './lesson-row';
import { renderCertificates } from './certificates-view';
import type { CatalogModel, CatalogState } from './model';

/** What the sidebar asks the application to do (commands live in the plugins). */
export interface ISidebarActions {
  openLesson(courseId: string, lesson: LessonSummary): void;
  openAssessment(courseId: string, lesson: LessonSummary): void;
}

/** The Academy sidebar: a plain DOM view over CatalogModel, re-rendered on each change. */
export class AcademySidebar extends Widget {
  constructor(
    private readonly model: CatalogModel,
    private readonly trans: TranslationBundle,
    private readonly actions: ISidebarActions = { openLesson: () => undefined, openAssessment: () => undefined }
  ) {
    super();
    this.addClass('va-Sidebar');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('Voxel Academy courses'));
    model.changed.connect(this.render, this);
    this.render();
  }

  private render(): void {
    const { trans } = this;
    const state: CatalogState = this.model.state;
    const header = el('header', 'va-Sidebar-header');
    header.append(el('h2', 'va-Sidebar-title', trans.__('Voxel Academy')));
    const refresh = el('button', 'va-Sidebar-refresh jp-Button', trans.__('Refresh'));
    refresh.setAttribute('type', 'button');
    refresh.addEventListener('click', () => void this.model.refresh());
    header.append(refresh);

    const body = el('div', 'va-Sidebar-body');
    body.setAttribute('aria-live', 'polite');
    if (state.kind === 'loading') {
      body.append(el('p', 'va-Sidebar-status', trans.__('Loading the course catalog…')));
    } else if (state.kind === 'error') {
      const box = el('div', 'va-Sidebar-error');
      box.setAttribute('role', 'alert');
      box.append(el('p', '', state.message));
      body.append(box);
    } else {
      body.append(el('p', 'va-Sidebar-user', trans.__('Signed in as %1', state.me.name)));
      if (state.catalog.courses.length === 0) {
        body.append(el('p', 'va-Sidebar-status', trans.__('No courses are published yet.')));
      }
      body.append(renderCertificates(state.certificates, this.trans));
      for (const course of state.catalog.courses) body.append(this.renderCourse(course, state.progress.get(course.id)));
    }
    this.node.replaceChildren(header, body);
  }

  private renderCourse(course: CourseSummary, progress: CourseProgress | undefined): HTMLElement {
    const section = el('section', 'va-Course');
    section.dataset['courseId'] = course.id;
    section.append(el('h3', 'va-Course-title', course.title));
    if (course.summary) section.append(el('p', 'va-Course-summary', course.summary));
    for (const tier of TIERS) {
      const tracks = course.tracks.filter((t) => t.tier === tier);
      if (tracks.length > 0) section.append(this.renderTier(course, tier, tracks, progress));
    }
    return section;
  }

  private renderTier(course: CourseSummary, tier: Tier, tracks: TrackSummary[], progress: CourseProgress | undefined): HTMLElement {
    const titles = new Map(course.tracks.flatMap((t) => t.modules.flatMap((m) => m.lessons.map((l) => [l.id, l.title] as const))));
    const rowContext: ILessonRowContext = {
      courseId: course.id,
      progress,
      titles,
      trans: this.trans,
      open: this.actions.openLesson,
      openAssessment: this.actions.openAssessment
    };
    const labels: Record<Tier, string> = {
      foundation: this.trans.__('Foundation'),
      intermediate: this.trans.__('Intermediate'),
      advanced: this.trans.__('Advanced'),
      specialized: this.trans.__('Specialized tracks')
    };
    const group = el('div', `va-Tier va-Tier-${tier}`);
    group.append(el('h4', 'va-Tier-title', labels[tier]));
    for (const track of tracks) {
      const details = el('details', 'va-Track');
      details.open = tier === 'foundation';
      details.dataset['trackId'] = track.id;
      const summary = el('summary', 'va-Track-title', track.title);
      details.append(summary);
      const trackProgress = progress?.tracks.find((t) => t.trackId === track.id);
      if (trackProgress && trackProgress.total > 0) details.append(renderTrackProgress(trackProgress.percent, this.trans));
      for (const mod of track.modules) {
        details.append(el('div', 'va-Module-title', mod.title));
        const list = el('ul', 'va-LessonList');
        for (const lesson of mod.lessons) list.append(renderLessonRow(lesson, rowContext));
        details.append(list);
      }
      group.append(details);
    }
    return group;
  }


}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
