import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { academyIcon } from '../icon';
import { liveFor } from '../live';
import { IAcademyClient } from '../tokens';
import { AssessmentModel } from './model';
import { AssessmentPanel } from './panel';
import { addAssessmentToolbarButton } from './toolbar';

export const OPEN_ASSESSMENT = 'voxel-academy:open-assessment';

/** Opens an assessment in the main area; one panel per assessment, live results in every tab. */
export const assessmentPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:assessments',
  description: 'Answer, review and submit Voxel Academy assessments.',
  autoStart: true,
  requires: [IAcademyClient],
  optional: [ITranslator],
  activate: (app: JupyterFrontEnd, client: IAcademyClient, translator: ITranslator | null) => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    const tracker = new WidgetTracker<MainAreaWidget<AssessmentPanel>>({ namespace: 'voxel-academy-assessment' });
    app.commands.addCommand(OPEN_ASSESSMENT, {
      label: (args) => (typeof args['title'] === 'string' ? trans.__('Assessment: %1', args['title']) : trans.__('Open Assessment')),
      execute: (args) => {
        const course = args['course'];
        const assessment = args['assessment'];
        if (typeof course !== 'string' || typeof assessment !== 'string') return;
        const id = `voxel-academy-assessment-${course}-${assessment}`;
        const open = tracker.find((w) => w.id === id);
        if (open) {
          app.shell.activateById(id);
          return;
        }
        const model = new AssessmentModel(client, course, assessment);
        const widget = new MainAreaWidget({ content: new AssessmentPanel(model, client, trans) });
        widget.id = id;
        widget.title.label = typeof args['title'] === 'string' ? trans.__('Assessment: %1', args['title']) : trans.__('Assessment');
        widget.title.icon = academyIcon;
        widget.title.closable = true;
        if (client.serviceUrl) {
          const live = liveFor(client.serviceUrl);
          const onEvent = (_: unknown, event: { type: string; submission?: Parameters<AssessmentModel['receive']>[0] }): void => {
            if (event.type === 'submission.graded' && event.submission) model.receive(event.submission);
          };
          live.received.connect(onEvent);
          widget.disposed.connect(() => live.received.disconnect(onEvent));
        }
        void tracker.add(widget);
        app.shell.add(widget, 'main');
        void model.load();
      }
    });
    addAssessmentToolbarButton(app, client, trans, OPEN_ASSESSMENT);
  }
};
