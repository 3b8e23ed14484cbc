import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { LiveEvent } from '@voxel-academy/protocol';
import { academyIcon } from '../icon';
import { IKernelAnswers } from '../kernel/tokens';
import { pickLesson } from '../lessons/pick-lesson';
import { IAcademyClient, ILiveEvents } from '../tokens';
import { followKernelAnswers } from './kernel-answers';
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
  optional: [ITranslator, IKernelAnswers, ICommandPalette, ILiveEvents],
  activate: (
    app: JupyterFrontEnd,
    client: IAcademyClient,
    translator: ITranslator | null,
    kernelAnswers: IKernelAnswers | null,
    palette: ICommandPalette | null,
    live: ILiveEvents | null
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
        const course = args['course'];
        const assessment = args['assessment'];
        const id = `voxel-academy-assessment-${course}-${assessment}`;
        const open = tracker.find((w) => w.id === id);
        if (open) {
          app.shell.activateById(id);
          return;
        }
        const model = new AssessmentModel(client, course, assessment, window.localStorage, undefined, trans);
        const widget = new MainAreaWidget({ content: new AssessmentPanel({ model, client, trans }) });
        widget.id = id;
        widget.title.label = typeof args['title'] === 'string' ? trans.__('Assessment: %1', args['title']) : trans.__('Assessment');
        widget.title.icon = academyIcon;
        widget.title.closable = true;
        if (live) {
          const onEvent = (_: ILiveEvents, event: LiveEvent): void => {
            if (event.type === 'submission.graded') model.receive(event.submission);
          };
          live.received.connect(onEvent);
          live.connect();
          widget.disposed.connect(() => live.received.disconnect(onEvent));
        }
        void tracker.add(widget);
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
    });
    addAssessmentToolbarButton(app, client, trans, OPEN_ASSESSMENT);
    palette?.addItem({ command: OPEN_ASSESSMENT, category: trans.__('Voxel Academy') });
  }
};
