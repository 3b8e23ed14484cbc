import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

/**
 * JupyterLab 4.6's debugger connects every notebook's "execution done" signal to
 * `DebuggerService.displayModules()`, which throws "No active debugger session" when the
 * kernel has none. Our kernel says it has no debugger (kernel info and kernelspec), so the
 * debugger UI stays off for it, but that handler still fails after every cell, as an unhandled
 * rejection. This drops exactly that rejection (message and the throwing method both match);
 * anything else still reaches the console. Worth fixing upstream: the handler should check
 * `isStarted` first, as its iopub handler does.
 */
export const debuggerGuardPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:debugger-guard',
  description: 'Keeps JupyterLab’s debugger quiet for kernels without a debugger.',
  autoStart: true,
  activate: (): void => {
    window.addEventListener('unhandledrejection', (event) => {
      const reason: unknown = event.reason;
      if (reason instanceof Error && reason.message === 'No active debugger session' && /displayModules|displayDefinedVariables/.test(reason.stack ?? '')) {
        event.preventDefault();
      }
    });
  }
};
