import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { VIEWER_MIME } from '@voxel-academy/kernel/display';
import { SliceViewer } from './slice-viewer';

/**
 * Renders `display(image)` outputs as the interactive slice viewer. Rank 0 puts it ahead of the
 * PNG in the same output; the PNG is what other notebook viewers (GitHub, nbviewer) show.
 */
export const sliceViewerPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:slice-viewer',
  description: 'Interactive slice viewer for images displayed by the ITK kernel.',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  activate: (_app, rendermime: IRenderMimeRegistry): void => {
    rendermime.addFactory({ safe: true, mimeTypes: [VIEWER_MIME], defaultRank: 0, createRenderer: (options) => new SliceViewer(options.mimeType) }, 0);
  }
};
