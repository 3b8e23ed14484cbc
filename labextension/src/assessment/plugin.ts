import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, type MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { IKernelAnswers } from '../kernel/tokens';
import { pickLesson } from '../lessons/pick-lesson';
import { IAcademyClient, ILiveEvents } from '../tokens';
import type { AssessmentPanel } from './panel';
import { addAssessmentToolbarButton } from './toolbar';

export const OPEN_ASSESSMENT = 'voxel-academy:open-assessment';

/** Opens an assessment in the main area; one panel per assessment, live results in every tab. */
export const assessmentPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:assessments',
  description: 'Answer, review and submit Voxel Academy assessments.',
  autoStart: true,
  requires: [IAcademyClient],
  optional: [ITranslator, IKernelAnswers, ICommandPalette, ILiveEvents, INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    client: IAcademyClient,
    translator: ITranslator | null,
    kernelAnswers: IKernelAnswers | null,
    palette: ICommandPalette | null,
    live: ILiveEvents | null,
    notebooks: INotebookTracker | null
  ) => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    const tracker = new WidgetTracker<MainAreaWidget<AssessmentPanel>>({ namespace: 'voxel-academy-assessment' });
    app.commands.addCommand(OPEN_ASSESSMENT, {
      label: (args) => (typeof args['title'] === 'string' ? trans.__('Assessment: %1', args['title']) : trans.__('Open Assessment…')),
      execute: async (args) => {
        if (typeof args['course'] !== 'string' || typeof args['assessment'] !== 'string') {
          // From the palette: the learner picks a lesson that has an assessment.
          const picked = await pickLesson(client, trans, trans.__('Open Assessment'), (l) => l.assessment !== undefined);
          if (picked?.assessment) await app.commands.execute(OPEN_ASSESSMENT, { course: picked.course, assessment: picked.assessment, title: picked.title });
          return;
        }
        const id = `voxel-academy-assessment-${args['course']}-${args['assessment']}`;
        if (tracker.find((w) => w.id === id)) {
          app.shell.activateById(id);
          return;
        }
        // The panel, its model and inputs load when a learner first opens an assessment.
        const { openAssessment } = await import(/* webpackChunkName: "voxel-academy-assessment" */ './open-assessment');
        openAssessment({ app, client, trans, tracker, kernelAnswers, live, notebooks }, args['course'], args['assessment'], typeof args['title'] === 'string' ? args['title'] : null);
      }
    });
    addAssessmentToolbarButton(app, client, trans, OPEN_ASSESSMENT);
    palette?.addItem({ command: OPEN_ASSESSMENT, category: trans.__('Voxel Academy') });
  }
};
