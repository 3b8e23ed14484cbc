import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { VIEWER_MIME } from '@voxel-academy/kernel/display';
import { DEFAULT_VIEWER_SETTINGS, ViewerConfig, type IViewerSettings } from './config';
import { LazyRenderer } from './lazy-viewer';

const PLUGIN_ID = '@voxel-academy/labextension:viewer';

/**
 * Renders `display(image)` outputs as the interactive slice viewer. Rank 0 puts it ahead of the
 * PNG in the same output; the PNG is what other notebook viewers (GitHub, nbviewer) show. The
 * viewer's code loads with the first image output, not with JupyterLab.
 */
export const sliceViewerPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Interactive slice viewer for images displayed by the ITK kernel.',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  optional: [ISettingRegistry, ITranslator],
  activate: (_app, rendermime: IRenderMimeRegistry, settings: ISettingRegistry | null, translator: ITranslator | null): void => {
    const config = new ViewerConfig();
    if (settings) {
      // Not awaited: activation never waits on I/O; viewers follow later changes.
      void settings.load(PLUGIN_ID).then((loaded) => {
        const apply = (): void => config.update({ ...DEFAULT_VIEWER_SETTINGS, ...(loaded.composite as Partial<IViewerSettings>) });
        loaded.changed.connect(apply);
        apply();
      });
    }
    rendermime.addFactory(
      {
        safe: true,
        mimeTypes: [VIEWER_MIME],
        defaultRank: 0,
        createRenderer: (options) =>
          new LazyRenderer(async () => {
            const { SliceViewer } = await import(/* webpackChunkName: "voxel-academy-viewer" */ './slice-viewer');
            return new SliceViewer(options.mimeType, config, (options.translator ?? translator ?? nullTranslator).load('voxel_academy'));
          })
      },
      0
    );
  }
};
