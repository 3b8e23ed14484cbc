import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { LessonSummary } from '@voxel-academy/protocol';
import { findLesson } from '../lessons/lesson-api';
import { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';

/** The lesson a notebook was opened for (Open lesson stamps `voxel_academy` metadata), if it is a project. */
async function projectOf(panel: NotebookPanel, catalog: IAcademyCatalog, client: IAcademyClient): Promise<{ course: string; lesson: LessonSummary } | null> {
  const meta = panel.context.model.getMetadata('voxel_academy') as { course?: string; lesson?: string } | undefined;
  if (!meta?.course || !meta.lesson) return null;
  const lesson = await findLesson(catalog, client, meta.course, meta.lesson);
  return lesson?.kind === 'project' && lesson.assessment ? { course: meta.course, lesson } : null;
}

/**
 * Graders' comments on cells of a learner's project, shown beside those cells of the learner's
 * own notebook. Only project notebooks load the code that does it (with `import()`).
 */
export const reviewCommentsPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:review-comments',
  description: 'Shows graders’ comments beside the cells of a learner’s project notebook.',
  autoStart: true,
  requires: [IAcademyClient, IAcademyCatalog, INotebookTracker],
  optional: [ILiveEvents, ITranslator],
  activate: (_app, client: IAcademyClient, catalog: IAcademyCatalog, notebooks: INotebookTracker, live: ILiveEvents | null, translator: ITranslator | null): void => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    notebooks.widgetAdded.connect((_, panel) => {
      void panel.context.ready
        .then(() => projectOf(panel, catalog, client))
        .then(async (project) => {
          if (!project || panel.isDisposed) return;
          const { followReviewComments } = await import(/* webpackChunkName: "voxel-academy-review" */ './cell-comments');
          followReviewComments(panel, { client, live, trans, course: project.course, assessment: project.lesson.assessment ?? '' });
        })
        .catch(() => undefined);
    });
  }
};
