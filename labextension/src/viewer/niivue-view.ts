// niivue and everything it brings: loaded with `import()` by the slice viewer when an image
// output comes into view, so none of it is in JupyterLab's startup bundle.
import { Niivue, NVImage, SHOW_RENDER, type NiiVueLocation } from '@niivue/niivue';
import type { IViewerPayload } from '@voxel-academy/kernel/display';
import { calRange, rasToLps, type Convention, type Plane } from './geometry';

export interface ITile {
  plane: Plane;
  /** CSS pixels within the canvas. */
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface INiivueView {
  setWindow(window: { level: number; width: number }): void;
  setLabelOpacity(opacity: number): void;
  setConvention(convention: Convention): void;
  /** Where each plane is drawn, to place the orientation labels over it. */
  tiles(): ITile[];
  dispose(): void;
}

export interface INiivueOptions {
  convention: Convention;
  window: { level: number; width: number };
  labelOpacity: number;
  /** The crosshair moved: its position in LPS mm and the image value there. */
  onLocation(lps: [number, number, number], value: number): void;
  /** Tiles moved (first draw, resize, convention). */
  onLayout(): void;
}

/** True when this browser can draw WebGL 2 (niivue needs it). */
export function hasWebGl2(): boolean {
  return !!document.createElement('canvas').getContext('webgl2');
}

export async function createNiivueView(canvas: HTMLCanvasElement, payload: IViewerPayload, options: INiivueOptions): Promise<INiivueView> {
  const nv = new Niivue({
    multiplanarShowRender: SHOW_RENDER.NEVER,
    isRadiologicalConvention: options.convention === 'radiological',
    // Orientation letters are drawn as HTML over the canvas: readable by screen readers and tests.
    isOrientationTextVisible: false,
    show3Dcrosshair: false,
    crosshairColor: [1, 0.85, 0, 1],
    backColor: [0, 0, 0, 1],
    isColorbar: false,
    logLevel: 'error',
    loadingText: ''
  });
  await nv.attachToCanvas(canvas);
  const { min, max } = calRange(options.window);
  const image = await NVImage.loadFromBase64({ base64: payload.nifti, name: 'image.nii.gz', cal_min: min, cal_max: max, trustCalMinMax: true });
  nv.addVolume(image);
  if (payload.labels) {
    const labels = await NVImage.loadFromBase64({ base64: payload.labels, name: 'labels.nii.gz', colormap: 'red', opacity: options.labelOpacity, cal_min: 0.5, cal_max: 1 });
    nv.addVolume(labels);
  }
  nv.setSliceType(nv.sliceTypeMultiplanar);
  nv.onLocationChange = (raw: unknown) => {
    const location = raw as NiiVueLocation;
    const value = location.values[0]?.value;
    if (value !== undefined) options.onLocation(rasToLps(location.mm), value);
  };
  const observer = new ResizeObserver(() => options.onLayout());
  observer.observe(canvas);
  options.onLayout();
  return {
    setWindow(window) {
      const range = calRange(window);
      image.cal_min = range.min;
      image.cal_max = range.max;
      nv.updateGLVolume();
    },
    setLabelOpacity(opacity) {
      if (nv.volumes.length > 1) nv.setOpacity(1, opacity);
    },
    setConvention(convention) {
      nv.setRadiologicalConvention(convention === 'radiological');
      options.onLayout();
    },
    tiles() {
      const ratio = canvas.width / Math.max(1, canvas.clientWidth);
      return nv.screenSlices
        .filter((s) => s.axCorSag === 0 || s.axCorSag === 1 || s.axCorSag === 2)
        .map((s) => {
          const [left = 0, top = 0, width = 0, height = 0] = s.leftTopWidthHeight;
          return { plane: s.axCorSag as Plane, left: left / ratio, top: top / ratio, width: width / ratio, height: height / ratio };
        });
    },
    dispose() {
      observer.disconnect();
      nv.cleanup();
      // Browsers keep a few WebGL contexts per page: give this one back now.
      nv.gl?.getExtension('WEBGL_lose_context')?.loseContext();
    }
  };
}
