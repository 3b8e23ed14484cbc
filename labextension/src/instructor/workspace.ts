import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, type WidgetTracker } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { Widget } from '@lumino/widgets';
import { ApiPath, PublicAssessment, type PublicItem } from '@voxel-academy/protocol';
import { OPEN_DISCUSSION } from '../discussion/commands';
import { academyIcon } from '../icon';
import type { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';
import { LearnerActions } from './actions';
import { InstructorApi, pathOf } from './api';
import { GradingModel } from './grading/model';
import { GradingPanel } from './grading/panel';
import { InstructorModel } from './model';
import { InstructorPanel } from './panel';
// The workspace's styles arrive with its code, not with JupyterLab's start.
import '../../style/instructor.css';
import '../../style/analytics.css';
import '../../style/grading.css';
import '../../style/project.css';
import '../../style/discussion.css';

export interface IWorkspaceDeps {
  app: JupyterFrontEnd;
  client: IAcademyClient;
  catalog: IAcademyCatalog;
  live: ILiveEvents | null;
  trans: TranslationBundle;
  tracker: WidgetTracker<MainAreaWidget<Widget>>;
  rendermime: IRenderMimeRegistry | null;
  commands: { open: string; grade: string };
}

const WORKSPACE_ID = 'voxel-academy-instructor';
const gradingId = (course: string, assessment: string): string => `voxel-academy-grading:${course}:${assessment}`;

function mount(deps: IWorkspaceDeps, id: string, content: Widget, label: string): void {
  const widget = new MainAreaWidget({ content });
  widget.id = id;
  widget.title.label = label;
  widget.title.icon = academyIcon;
  widget.title.closable = true;
  void deps.tracker.add(widget);
  deps.app.shell.add(widget, 'main');
  deps.app.shell.activateById(id);
}

/** Opens (or shows) the instructor workspace; a restored grading tab comes back as itself. */
export function openWorkspace(deps: IWorkspaceDeps, args: ReadonlyPartialJSONObject): void {
  const restore = typeof args['restore'] === 'string' ? args['restore'] : null;
  if (restore?.startsWith('voxel-academy-grading:')) {
    const [, course, assessment] = restore.split(':');
    if (course && assessment) openGrading(deps, { course, assessment });
    return;
  }
  if (deps.tracker.find((w) => w.id === WORKSPACE_ID)) {
    deps.app.shell.activateById(WORKSPACE_ID);
    return;
  }
  const state = deps.catalog.state;
  const courses = state.kind === 'ready' ? state.catalog.courses : [];
  const first = typeof args['course'] === 'string' ? args['course'] : courses[0]?.id;
  if (!first) return;
  const api = new InstructorApi(deps.client);
  const model = new InstructorModel(api, first, deps.live);
  const items = async (assessment: string): Promise<PublicItem[]> =>
    (await deps.client.request(pathOf(ApiPath.assessment, { course: model.state.courseId, assessment }), PublicAssessment)).items;
  const panel = new InstructorPanel({
    model,
    courses,
    actions: new LearnerActions(model, deps.trans, items),
    trans: deps.trans,
    openGrading: (course, assessment, title) => void deps.app.commands.execute(deps.commands.grade, { course, assessment, title }),
    openThread: (course, lesson, thread) => void deps.app.commands.execute(OPEN_DISCUSSION, { course, lesson, thread })
  });
  mount(deps, WORKSPACE_ID, panel, deps.trans.__('Instructor'));
  if (typeof args['learner'] === 'string') model.openLearner(args['learner']);
  else void model.loadTab();
}

/** Opens (or shows) the grading queue of one project, claiming the next project for this grader. */
export function openGrading(deps: IWorkspaceDeps, args: ReadonlyPartialJSONObject): void {
  const course = typeof args['course'] === 'string' ? args['course'] : null;
  const assessment = typeof args['assessment'] === 'string' ? args['assessment'] : null;
  if (!course || !assessment) return;
  const id = gradingId(course, assessment);
  if (deps.tracker.find((w) => w.id === id)) {
    deps.app.shell.activateById(id);
    return;
  }
  const model = new GradingModel(new InstructorApi(deps.client), course, assessment, deps.live, deps.trans);
  const title = typeof args['title'] === 'string' ? args['title'] : assessment;
  const me = deps.catalog.state.kind === 'ready' ? deps.catalog.state.me.name : '';
  mount(deps, id, new GradingPanel({ model, trans: deps.trans, rendermime: deps.rendermime, me }), deps.trans.__('Grade: %1', title));
  void model.start();
}
