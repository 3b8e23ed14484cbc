import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { findLesson } from '../lessons/lesson-api';
import { pickLesson } from '../lessons/pick-lesson';
import { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';
import { OPEN_DISCUSSION } from './commands';
import { addDiscussionToolbarButton } from './toolbar';


const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);


/**
 * The discussion's command: `{course, lesson}` opens a lesson's questions beside it; with
 * `assessment` and `item` (and `itemLabel`) those about one item; with `thread` that thread. Only
 * this file is part of JupyterLab's start; the panel loads when first opened.
 */
export const discussionPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:discussion',
  description: 'Questions and answers per lesson and per assessment item, live, with moderation.',
  autoStart: true,
  requires: [IAcademyClient, IAcademyCatalog],
  optional: [ILiveEvents, IRenderMimeRegistry, ITranslator, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    client: IAcademyClient,
    catalog: IAcademyCatalog,
    live: ILiveEvents | null,
    rendermime: IRenderMimeRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    app.commands.addCommand(OPEN_DISCUSSION, {
      label: (args) => (str(args['itemLabel']) ? trans.__('Ask about this item') : trans.__('Discussion')),
      caption: trans.__('Questions and answers about this lesson'),
      execute: async (args) => {
        let course = str(args['course']);
        let lesson = str(args['lesson']);
        if (!course || !lesson) {
          const picked = await pickLesson(client, trans, trans.__('Open Discussion'), () => true);
          if (!picked) return;
          course = picked.course;
          lesson = picked.lesson;
        }
        const title = (await findLesson(catalog, client, course, lesson))?.title ?? lesson;
        const assessmentId = str(args['assessment']);
        const itemId = assessmentId ? str(args['item']) : null;
        const { openDiscussion } = await import(/* webpackChunkName: "voxel-academy-discussion" */ './open-discussion');
        await openDiscussion(
          { app, client, catalog, live, rendermime, trans },
          { courseId: course, place: { lessonId: lesson, assessmentId: itemId ? assessmentId : null, itemId }, title, itemLabel: itemId ? (str(args['itemLabel']) ?? itemId) : null },
          str(args['thread'])
        );
      }
    });
    addDiscussionToolbarButton(app, trans, OPEN_DISCUSSION);
    palette?.addItem({ command: OPEN_DISCUSSION, category: trans.__('Voxel Academy') });
  }
};
