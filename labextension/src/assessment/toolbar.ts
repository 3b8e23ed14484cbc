import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { DocumentRegistry, IDocumentWidget } from '@jupyterlab/docregistry';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ToolbarButton } from '@jupyterlab/ui-components';
import type { IDisposable } from '@lumino/disposable';
import { academyIcon } from '../icon';
import { findLesson } from '../lessons/lesson-api';
import type { IAcademyClient } from '../tokens';

export interface ILessonMetadata {
  course?: string;
  lesson?: string;
}

/**
 * An "Assessment" button in the toolbar of lesson notebooks (those Open lesson stamped with
 * `voxel_academy` metadata); it opens the lesson's assessment panel.
 */
export function addAssessmentToolbarButton(app: JupyterFrontEnd, client: IAcademyClient, trans: TranslationBundle, command: string): IDisposable {
  const extension: DocumentRegistry.IWidgetExtension<IDocumentWidget, DocumentRegistry.IModel> = {
    createNew: (panel, context) => {
      const button = new ToolbarButton({
        icon: academyIcon,
        label: trans.__('Assessment'),
        tooltip: trans.__('Answer and submit this lesson’s assessment'),
        onClick: () => void openFor(context.model.toJSON() as { metadata?: Record<string, unknown> })
      });
      button.addClass('va-NotebookAssessmentButton');
      button.hide();
      void context.ready.then(() => {
        const meta = metadataOf(context.model.toJSON());
        if (meta.course && meta.lesson) button.show();
      });
      panel.toolbar.insertItem(10, 'voxel-academy-assessment', button);
      return button;
    }
  };

  const openFor = async (notebook: { metadata?: Record<string, unknown> }): Promise<void> => {
    const meta = metadataOf(notebook);
    if (!meta.course || !meta.lesson) return;
    const lesson = await findLesson(null, client, meta.course, meta.lesson);
    if (lesson?.assessment) await app.commands.execute(command, { course: meta.course, assessment: lesson.assessment, title: lesson.title });
  };

  return app.docRegistry.addWidgetExtension('Notebook', extension);
}

/** The lesson a notebook belongs to (the `voxel_academy` metadata Open lesson stamps). */
export function metadataOf(json: unknown): ILessonMetadata {
  const metadata = (json as { metadata?: Record<string, unknown> } | null)?.metadata;
  return (metadata?.['voxel_academy'] ?? {}) as ILessonMetadata;
}
