import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import { isStaff } from '../instructor/plugin';
import { academyIcon } from '../icon';
import type { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';
import { DiscussionApi } from './api';
import { postRenderMime } from './markdown';
import { DiscussionModel, type IDiscussionPlace } from './model';
import { DiscussionPanel } from './panel';
// The discussion's styles load with its panel, not at JupyterLab's start.
import '../../style/discussion.css';

export interface IOpenDiscussionDeps {
  app: JupyterFrontEnd;
  client: IAcademyClient;
  catalog: IAcademyCatalog;
  live: ILiveEvents | null;
  rendermime: IRenderMimeRegistry | null;
  trans: TranslationBundle;
}

export const DISCUSSION_PANEL_ID = 'voxel-academy-discussion';
let panel: DiscussionPanel | null = null;
let model: DiscussionModel | null = null;

/**
 * Shows the discussion of a place in the right-hand area, beside the lesson (loaded with
 * `import()` the first time someone opens a discussion). One panel follows the place asked for.
 */
export async function openDiscussion(deps: IOpenDiscussionDeps, at: IDiscussionPlace, threadId: string | null): Promise<void> {
  const { app, trans } = deps;
  if (!panel || panel.isDisposed || !model) {
    model = new DiscussionModel(new DiscussionApi(deps.client), deps.live, (course) => deps.catalog.refreshDiscussions?.(course));
    const rendermime = deps.rendermime ? postRenderMime(deps.rendermime, (src) => trans.__('[remote content not shown: %1]', src)) : null;
    panel = new DiscussionPanel({ model, trans, rendermime, staff: () => isStaff(deps.catalog.state) });
    panel.id = DISCUSSION_PANEL_ID;
    panel.title.icon = academyIcon;
    panel.title.caption = trans.__('Discussion');
    app.shell.add(panel, 'right', { rank: 600 });
  }
  app.shell.activateById(DISCUSSION_PANEL_ID);
  await model.show(at, threadId);
}
