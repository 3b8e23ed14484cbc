import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { TIERS, type CourseSummary, type LessonSummary, type Tier, type TrackSummary } from '@voxel-academy/protocol';
import { renderCertificates } from './certificates-view';
import type { CatalogModel, CatalogState } from './model';

/** The Academy sidebar: a plain DOM view over CatalogModel, re-rendered on each change. */
export class AcademySidebar extends Widget {
  constructor(
    private readonly model: CatalogModel,
    private readonly trans: TranslationBundle
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
      for (const course of state.catalog.courses) body.append(this.renderCourse(course));
    }
    this.node.replaceChildren(header, body);
  }

  private renderCourse(course: CourseSummary): HTMLElement {
    const section = el('section', 'va-Course');
    section.dataset['courseId'] = course.id;
    section.append(el('h3', 'va-Course-title', course.title));
    if (course.summary) section.append(el('p', 'va-Course-summary', course.summary));
    for (const tier of TIERS) {
      const tracks = course.tracks.filter((t) => t.tier === tier);
      if (tracks.length > 0) section.append(this.renderTier(tier, tracks));
    }
    return section;
  }

  private renderTier(tier: Tier, tracks: TrackSummary[]): HTMLElement {
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
      const summary = el('summary', 'va-Track-title', track.title);
      details.append(summary);
      for (const mod of track.modules) {
        details.append(el('div', 'va-Module-title', mod.title));
        const list = el('ul', 'va-LessonList');
        for (const lesson of mod.lessons) list.append(this.renderLesson(lesson));
        details.append(list);
      }
      group.append(details);
    }
    return group;
  }

  private renderLesson(lesson: LessonSummary): HTMLElement {
    const item = el('li', `va-Lesson va-Lesson-${lesson.status}`);
    item.dataset['lessonId'] = lesson.id;
    item.append(el('span', 'va-Lesson-title', lesson.title));
    const meta = el('span', 'va-Lesson-meta', this.trans.__('%1 min', lesson.estimatedMinutes));
    item.append(meta);
    if (lesson.status === 'upcoming') item.append(el('span', 'va-Badge', this.trans.__('upcoming')));
    if (lesson.summary) item.title = lesson.summary;
    return item;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
