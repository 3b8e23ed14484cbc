import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, type WidgetTracker } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { LiveEvent } from '@voxel-academy/protocol';
import { OPEN_DISCUSSION } from '../discussion/commands';
import { academyIcon } from '../icon';
import type { IKernelAnswers } from '../kernel/tokens';
import type { IAcademyClient, ILiveEvents } from '../tokens';
import { followKernelAnswers } from './kernel-answers';
import { AssessmentModel } from './model';
import { AssessmentPanel } from './panel';
import { workspaceProjectSource } from './project-source';
// Project and rubric styles load with the panel, not at JupyterLab's start.
import '../../style/project.css';

export interface IOpenAssessmentDeps {
  app: JupyterFrontEnd;
  client: IAcademyClient;
  trans: TranslationBundle;
  tracker: WidgetTracker<MainAreaWidget<AssessmentPanel>>;
  kernelAnswers: IKernelAnswers | null;
  live: ILiveEvents | null;
  notebooks: INotebookTracker | null;
}

/**
 * Opens one assessment in the main area (loaded with `import()` the first time a learner opens
 * one, so none of this is part of JupyterLab's start): the model, the panel, live results and
 * instructor changes, and the answers the lesson notebook records.
 */
export function openAssessment(deps: IOpenAssessmentDeps, course: string, assessment: string, title: string | null): void {
  const { app, client, trans, live, kernelAnswers } = deps;
  const model = new AssessmentModel(client, course, assessment, window.localStorage, undefined, trans);
  const project = workspaceProjectSource(app, deps.notebooks, client, trans);
  const widget = new MainAreaWidget({
    content: new AssessmentPanel({
      model,
      client,
      trans,
      project,
      openNotebook: (path) => void app.commands.execute('docmanager:open', { path }),
      askAbout: (a, item, itemLabel) => void app.commands.execute(OPEN_DISCUSSION, { course: a.courseId, lesson: a.lessonId, assessment: a.id, item, itemLabel })
    })
  });
  widget.id = `voxel-academy-assessment-${course}-${assessment}`;
  widget.title.label = title !== null ? trans.__('Assessment: %1', title) : trans.__('Assessment');
  widget.title.icon = academyIcon;
  widget.title.closable = true;
  if (live) {
    const onEvent = (_: ILiveEvents, event: LiveEvent): void => {
      if (event.type === 'submission.graded') model.receive(event.submission);
      if (event.type === 'override.changed') model.applyOverride(event);
    };
    live.received.connect(onEvent);
    live.connect();
    widget.disposed.connect(() => live.received.disconnect(onEvent));
  }
  void deps.tracker.add(widget);
  app.shell.add(widget, 'main');
  void model.load().then(() => {
    const lessonId = model.state.assessment?.lessonId;
    if (!kernelAnswers || !lessonId || widget.isDisposed) return;
    const following = followKernelAnswers(model, lessonId, {
      answers: kernelAnswers,
      sessions: () => app.serviceManager.sessions.running(),
      upload: async (bytes) => {
        // A mask can be tens of megabytes: the panel says how far its upload has got.
        const sent = (fraction: number): void => model.notify(trans.__('Uploading the image your notebook recorded: %1 %', Math.round(fraction * 100)));
        const up = await client.upload(new Blob([bytes as Uint8Array<ArrayBuffer>]), sent);
        model.notify(null);
        return up.uploadId;
      }
    });
    widget.disposed.connect(() => following.dispose());
  });
}
