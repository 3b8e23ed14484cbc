import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { DocumentRegistry, IDocumentWidget } from '@jupyterlab/docregistry';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ToolbarButton } from '@jupyterlab/ui-components';
import type { IDisposable } from '@lumino/disposable';
import { metadataOf as lessonOf } from '../assessment/toolbar';
import { academyIcon } from '../icon';

/** A "Discussion" button in the toolbar of lesson notebooks: the lesson's questions, beside it. */
export function addDiscussionToolbarButton(app: JupyterFrontEnd, trans: TranslationBundle, command: string): IDisposable {
  const extension: DocumentRegistry.IWidgetExtension<IDocumentWidget, DocumentRegistry.IModel> = {
    createNew: (panel, context) => {
      const button = new ToolbarButton({
        icon: academyIcon,
        label: trans.__('Discussion'),
        tooltip: trans.__('Questions and answers about this lesson'),
        onClick: () => {
          const meta = lessonOf(context.model.toJSON());
          if (meta.course && meta.lesson) void app.commands.execute(command, { course: meta.course, lesson: meta.lesson });
        }
      });
      button.addClass('va-NotebookDiscussionButton');
      button.hide();
      void context.ready.then(() => {
        const meta = lessonOf(context.model.toJSON());
        if (meta.course && meta.lesson) button.show();
      });
      panel.toolbar.insertItem(11, 'voxel-academy-discussion', button);
      return button;
    }
  };
  return app.docRegistry.addWidgetExtension('Notebook', extension);
}
