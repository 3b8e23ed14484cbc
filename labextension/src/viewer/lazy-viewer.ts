import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { PanelLayout, Widget } from '@lumino/widgets';

/**
 * The slice viewer as JupyterLab's start knows it: an empty renderer whose viewer code
 * (slice-viewer, geometry; niivue comes later still, when the output scrolls into view) loads
 * with `import()` when the first image output is rendered.
 */
export class LazyRenderer extends Widget implements IRenderMime.IRenderer {
  private inner: Promise<Widget & IRenderMime.IRenderer> | null = null;

  constructor(private readonly load: () => Promise<Widget & IRenderMime.IRenderer>) {
    super();
    this.layout = new PanelLayout();
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    if (!this.inner) {
      this.inner = this.load().then((widget) => {
        if (this.isDisposed) widget.dispose();
        else (this.layout as PanelLayout).addWidget(widget);
        return widget;
      });
    }
    const widget = await this.inner;
    if (!widget.isDisposed) await widget.renderModel(model);
  }
}
