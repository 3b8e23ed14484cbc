import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { academyIcon } from '../icon';
import { IAcademyClient } from '../tokens';
import { prepareLesson, resetLesson, saveLatestBeside } from './open-lesson';
import { pickLesson, suggestedLesson } from './pick-lesson';

export namespace LessonCommands {
  export const open = 'voxel-academy:open-lesson';
  export const reset = 'voxel-academy:reset-lesson';
  export const next = 'voxel-academy:continue-learning';
}

interface ILessonArgs {
  course: string;
  lesson: string;
  title?: string;
}

function lessonArgs(args: Record<string, unknown>): ILessonArgs | null {
  const { course, lesson, title } = args as Partial<ILessonArgs>;
  return typeof course === 'string' && typeof lesson === 'string' ? { course, lesson, ...(typeof title === 'string' ? { title } : {}) } : null;
}

/** Open lesson / Reset lesson: the learner's copy lives in academy/<course>/ and is never overwritten. */
export const lessonsPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:lessons',
  description: 'Opens course lessons as notebooks in the learner’s workspace.',
  autoStart: true,
  requires: [IAcademyClient],
  optional: [ICommandPalette, ITranslator, ILauncher],
  activate: (app: JupyterFrontEnd, client: IAcademyClient, palette: ICommandPalette | null, translator: ITranslator | null, launcher: ILauncher | null) => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    const contents = app.serviceManager.contents;
    // From the sidebar the lesson comes as arguments; from the palette the learner picks one.
    const target = async (args: Record<string, unknown>, title: string): Promise<ILessonArgs | null> => lessonArgs(args) ?? (await pickLesson(client, trans, title));

    const openLesson = async (target: ILessonArgs): Promise<void> => {
      try {
        const opened = await prepareLesson(contents, client, target.course, target.lesson);
        await app.commands.execute('docmanager:open', { path: opened.path });
        if (opened.updateAvailable) {
          Notification.info(trans.__('The course has a newer version of this lesson. Your copy is unchanged.'), {
            autoClose: false,
            actions: [
              {
                label: trans.__('Open new version side by side'),
                callback: () =>
                  void saveLatestBeside(contents, client, target.course, target.lesson).then((path) =>
                    app.commands.execute('docmanager:open', { path, options: { mode: 'split-right' } })
                  )
              }
            ]
          });
        }
      } catch (err) {
        Notification.error(trans.__('Could not open the lesson: %1', err instanceof Error ? err.message : String(err)));
      }
    };

    app.commands.addCommand(LessonCommands.open, {
      label: (args) => (typeof args['title'] === 'string' ? trans.__('Open Lesson: %1', args['title']) : trans.__('Open Lesson…')),
      execute: async (args) => {
        const picked = await target(args, trans.__('Open Lesson'));
        if (!picked) return;
        await openLesson(picked);
      }
    });

    app.commands.addCommand(LessonCommands.next, {
      label: trans.__('Continue Learning'),
      caption: trans.__('Open the lesson Voxel Academy suggests next'),
      icon: academyIcon,
      execute: async () => {
        try {
          const next = await suggestedLesson(client);
          if (next) await openLesson(next);
          else Notification.info(trans.__('No lesson is available yet.'), { autoClose: 5000 });
        } catch (err) {
          Notification.error(trans.__('Could not find your next lesson: %1', err instanceof Error ? err.message : String(err)));
        }
      }
    });

    app.commands.addCommand(LessonCommands.reset, {
      label: trans.__('Reset Lesson (keeps a backup)…'),
      execute: async (args) => {
        const picked = await target(args, trans.__('Reset Lesson'));
        if (!picked) return;
        const { path, backup } = await resetLesson(contents, client, picked.course, picked.lesson);
        await app.commands.execute('docmanager:open', { path });
        Notification.success(backup ? trans.__('Lesson reset. Your previous work was saved as %1.', backup) : trans.__('Lesson reset.'), { autoClose: 8000 });
      }
    });
    const category = trans.__('Voxel Academy');
    for (const command of [LessonCommands.next, LessonCommands.open, LessonCommands.reset]) palette?.addItem({ command, category });
    launcher?.add({ command: LessonCommands.next, category, rank: 0 });
  }
};
