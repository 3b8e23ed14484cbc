import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ApiPath, ProjectUploadResult, type ProjectBundle, type ProjectFile, type PublicItemOf } from '@voxel-academy/protocol';
import { VIEWER_MIME } from '@voxel-academy/kernel/display';
import { lessonPath } from '../lessons/open-lesson';
import type { IAcademyClient } from '../tokens';

/** What the project panel reads from the learner's workspace, and how it uploads a snapshot. */
export interface IProjectSource {
  /** The project notebook's last save and which of the named files exist. */
  inspect(course: string, lesson: string, item: PublicItemOf<'project'>): Promise<IProjectState>;
  /** Saves the open notebook, then uploads it (outputs included) with the named files. */
  snapshot(course: string, lesson: string, item: PublicItemOf<'project'>): Promise<ProjectUploadResult>;
}

export interface IProjectState {
  notebookPath: string;
  /** When the notebook was last saved, or null if it does not exist yet (open the lesson first). */
  savedAt: string | null;
  files: { path: string; required: boolean; description: string; found: boolean }[];
}

/** Raised with a message for the learner (a missing required file, no notebook yet). */
export class ProjectSnapshotError extends Error {}

/** Formats whose files travel as text; everything else (images, masks) as base64. */
const TEXT = /\.(txt|md|csv|tsv|json|py|ts|js|yaml|yml|log)$/i;

export function workspaceProjectSource(app: JupyterFrontEnd, notebooks: INotebookTracker | null, client: IAcademyClient, trans: TranslationBundle): IProjectSource {
  const contents = app.serviceManager.contents;
  const folderOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));
  const exists = async (path: string): Promise<Contents.IModel | null> => contents.get(path, { content: false }).catch(() => null);

  return {
    async inspect(course, lesson, item) {
      const notebookPath = lessonPath(course, lesson);
      const notebook = await exists(notebookPath);
      const files = await Promise.all(
        item.files.map(async (f) => ({ path: f.path, required: f.required, description: f.description, found: (await exists(`${folderOf(notebookPath)}/${f.path}`)) !== null }))
      );
      return { notebookPath, savedAt: notebook?.last_modified ?? null, files };
    },

    async snapshot(course, lesson, item) {
      const notebookPath = lessonPath(course, lesson);
      // What the learner sees is what the grader gets: unsaved edits are saved first.
      const open = notebooks?.find((panel) => panel.context.path === notebookPath);
      if (open?.context.model.dirty) await open.context.save();
      const model = await contents.get(notebookPath, { content: true, type: 'notebook' }).catch(() => null);
      if (!model) throw new ProjectSnapshotError(trans.__('There is no %1 yet: open the project lesson from the Academy sidebar and do the work there.', notebookPath));
      const files: ProjectFile[] = [];
      for (const spec of item.files) {
        const path = `${folderOf(notebookPath)}/${spec.path}`;
        const text = TEXT.test(spec.path);
        const file = await contents.get(path, { content: true, type: 'file', format: text ? 'text' : 'base64' }).catch(() => null);
        if (!file) {
          if (spec.required) throw new ProjectSnapshotError(trans.__('The project asks for %1 next to the notebook (%2), and it is not there yet.', spec.path, path));
          continue;
        }
        // Base64 from the contents API may be wrapped in lines; the server wants it plain.
        files.push({ path: spec.path, encoding: text ? 'text' : 'base64', content: text ? String(file.content) : String(file.content).replace(/\s+/g, '') });
      }
      const bundle: ProjectBundle = { notebookPath, notebook: withoutViewerPayloads(model.content as ProjectBundle['notebook']), files };
      return client.request(ApiPath.projectUploads, ProjectUploadResult, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) });
    }
  };
}

/**
 * The slice viewer's payload is the whole image as NIfTI (megabytes per output); graders read
 * the picture saved beside it, so the snapshot keeps every output but that payload.
 */
export function withoutViewerPayloads(notebook: ProjectBundle['notebook']): ProjectBundle['notebook'] {
  const cells = notebook.cells.map((cell) => {
    const outputs = cell['outputs'];
    if (!Array.isArray(outputs)) return cell;
    return {
      ...cell,
      outputs: outputs.map((o: Record<string, unknown>) => {
        const data = o['data'] as Record<string, unknown> | undefined;
        if (!data || !(VIEWER_MIME in data)) return o;
        const { [VIEWER_MIME]: _payload, ...rest } = data;
        return { ...o, data: rest };
      })
    };
  });
  return { ...notebook, cells };
}
