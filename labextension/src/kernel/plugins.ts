import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import {
  IKernelManager,
  IKernelSpecManager,
  IServerSettings,
  ISessionManager,
  SessionManager,
  ServerConnection,
  SessionAPI,
  type Kernel,
  type KernelSpec,
  type ServiceManagerPlugin,
  type Session
} from '@jupyterlab/services';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IKernelClient, IKernelSpecs, KernelSpecs, LiteKernelClient, LiteSessionClient } from '@jupyterlite/services';
import { IAcademyClient } from '../tokens';
import { AnswerBook, courseBridge, type ILessonOfNotebook } from './course-bridge';
import { lessonOfPath } from '../lessons/open-lesson';
import { EarlyStarts } from './early-start';
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, runningItkKernel } from './running';
import { HybridKernelManager } from './services/kernel-manager';
import { HybridKernelSpecManager } from './services/kernelspec-manager';
import { RoutingSessionClient } from './services/session-client';
import { IKernelAnswers } from './tokens';
import { pipelinesUrl, workerUrl } from './worker-url';

/**
 * The lite kernel client with an interrupt that also stops a running cell (the stock client only
 * cancels queued ones), and that starts cells as the page sends them (`earlyStarts`).
 */
class ItkKernelClient extends LiteKernelClient {
  readonly earlyStarts = new EarlyStarts(
    runningItkKernel,
    (kernelId) => {
      // The client's per-kernel lock is not public: read with care, and when it cannot be read
      // the kernel counts as busy, so nothing starts early and cells run as before.
      const lock = (this as unknown as { _mutexMap?: Map<string, { isLocked?: () => boolean }> })._mutexMap?.get(kernelId);
      return typeof lock?.isLocked !== 'function' || lock.isLocked();
    },
    // The reader the lite client uses (JupyterLab's, the same in every settings object).
    ServerConnection.makeSettings().serializer
  );

  override async interrupt(kernelId: string): Promise<void> {
    await super.interrupt(kernelId);
    runningItkKernel(kernelId)?.interrupt();
  }
}

const kernelSpecsPlugin: ServiceManagerPlugin<IKernelSpecs> = {
  id: '@voxel-academy/labextension:kernel-specs',
  description: 'The registry of in-browser kernels.',
  autoStart: true,
  provides: IKernelSpecs,
  activate: (): IKernelSpecs => new KernelSpecs()
};

const kernelClientPlugin: ServiceManagerPlugin<IKernelClient> = {
  id: '@voxel-academy/labextension:kernel-client',
  description: 'Runs in-browser kernels behind the kernel REST/WebSocket API.',
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IServerSettings],
  provides: IKernelClient,
  activate: (_: null, kernelSpecs: IKernelSpecs, serverSettings: ServerConnection.ISettings | null): IKernelClient =>
    new ItkKernelClient({ kernelSpecs, serverSettings: serverSettings ?? undefined })
};

const kernelManagerPlugin: ServiceManagerPlugin<Kernel.IManager> = {
  id: '@voxel-academy/labextension:kernel-manager',
  description: 'Kernel manager for server and in-browser kernels.',
  autoStart: true,
  requires: [IKernelClient, IKernelSpecs],
  optional: [IServerSettings],
  provides: IKernelManager,
  activate: (_: null, kernelClient: IKernelClient, kernelSpecs: IKernelSpecs, serverSettings: ServerConnection.ISettings | null): Kernel.IManager =>
    new HybridKernelManager({
      kernelClient,
      kernelSpecs,
      serverSettings: serverSettings ?? undefined,
      socketObserver: kernelClient instanceof ItkKernelClient ? kernelClient.earlyStarts : undefined
    })
};

const kernelSpecManagerPlugin: ServiceManagerPlugin<KernelSpec.IManager> = {
  id: '@voxel-academy/labextension:kernel-spec-manager',
  description: 'Kernel specs of the server and of the in-browser kernels.',
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IServerSettings],
  provides: IKernelSpecManager,
  activate: (_: null, kernelSpecs: IKernelSpecs, serverSettings: ServerConnection.ISettings | null): KernelSpec.IManager =>
    new HybridKernelSpecManager({ kernelSpecs, serverSettings: serverSettings ?? undefined })
};

const sessionManagerPlugin: ServiceManagerPlugin<Session.IManager> = {
  id: '@voxel-academy/labextension:session-manager',
  description: 'Sessions on server or in-browser kernels, switchable between the two.',
  autoStart: true,
  requires: [IKernelClient, IKernelManager, IKernelSpecs],
  optional: [IServerSettings],
  provides: ISessionManager,
  activate: (_: null, kernelClient: IKernelClient, kernelManager: Kernel.IManager, kernelSpecs: IKernelSpecs, settings: ServerConnection.ISettings | null): Session.IManager => {
    const serverSettings = settings ?? ServerConnection.makeSettings();
    const sessionAPIClient = new RoutingSessionClient(
      new SessionAPI.SessionAPIClient({ serverSettings }),
      new LiteSessionClient({ kernelClient: kernelClient as LiteKernelClient, serverSettings }),
      (name) => !!kernelSpecs.specs?.kernelspecs[name]
    );
    return new SessionManager({ kernelManager, serverSettings, sessionAPIClient });
  }
};

const LOGO = `data:image/svg+xml;base64,${btoa(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="4" fill="#3b78c3"/><path fill="#fff" d="M12 4 5 7.5v9l7 3.5 7-3.5v-9L12 4zm0 1.7 5.1 2.6L12 10.8 6.9 8.3 12 5.7zM6.5 9.4l4.7 2.3v6l-4.7-2.3v-6zm6.2 8.3v-6l4.8-2.3v6l-4.8 2.3z"/></svg>'
)}`;

/** Registers the ITK kernel; its code and the worker bundle (kernel core, itk-wasm) load only when a notebook starts it. */
const itkKernelPlugin: JupyterFrontEndPlugin<IKernelAnswers> = {
  id: '@voxel-academy/labextension:itk-kernel',
  description: 'The ITK (TypeScript, in-browser) kernel.',
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IAcademyClient, INotebookTracker],
  provides: IKernelAnswers,
  activate: (app: JupyterFrontEnd, kernelSpecs: IKernelSpecs, client: IAcademyClient | null, notebooks: INotebookTracker | null): IKernelAnswers => {
    const answers = new AnswerBook(async (kernelId, itemId) => {
      const kernel = runningItkKernel(kernelId);
      if (!kernel) throw new Error('the kernel that recorded this answer is no longer running');
      return kernel.answerFile(itemId);
    });
    kernelSpecs.register({
      spec: {
        name: KERNEL_NAME,
        display_name: KERNEL_DISPLAY_NAME,
        language: 'typescript',
        argv: [],
        // JupyterLab's debugger treats a kernel as debuggable unless its spec says otherwise.
        metadata: { debugger: false },
        resources: { 'logo-32x32': LOGO, 'logo-64x64': LOGO }
      },
      create: async (options) => {
        const worker = workerUrl();
        // The course is read from the notebook running this kernel when course.data is called.
        const stampOf = (): { course?: unknown; lesson?: unknown } | undefined => {
          const panel = notebooks?.find((p) => p.sessionContext.session?.kernel?.id === options.id);
          return panel?.model?.getMetadata('voxel_academy') as { course?: unknown; lesson?: unknown } | undefined;
        };
        const stampedCourse = (): string | null => {
          const stamp = stampOf();
          return typeof stamp?.course === 'string' ? stamp.course : null;
        };
        // The lesson whose assessment may give this learner their own variant of the data: the
        // notebook's stamp, else the lesson copy its path names (academy/<course>/<lesson>.ipynb).
        const lesson = (): ILessonOfNotebook | null => {
          const stamp = stampOf();
          if (typeof stamp?.course === 'string' && typeof stamp.lesson === 'string') return { courseId: stamp.course, lessonId: stamp.lesson };
          const panel = notebooks?.find((p) => p.sessionContext.session?.kernel?.id === options.id);
          return panel ? lessonOfPath(panel.context.path) : null;
        };
        const bridge = courseBridge(
          client,
          app.serviceManager.serverSettings,
          options.location,
          stampedCourse,
          (itemId, answer) => answers.record(options.id, itemId, answer),
          lesson,
          (tag) => answers.recordVariant(options.id, tag)
        );
        // A restart re-creates the kernel with the same id: its old answers went with its state.
        answers.forget(options.id);
        // The kernel's own code (BaseKernel, comlink, the worker client) loads with the first kernel.
        const { ItkKernel } = await import(/* webpackChunkName: "voxel-academy-itk-kernel" */ './itk-kernel');
        return new ItkKernel({ ...options, workerUrl: worker, pipelinesUrl: pipelinesUrl(worker), bridge });
      }
    });
    return answers;
  }
};

export const kernelPlugins: (ServiceManagerPlugin<unknown> | JupyterFrontEndPlugin<unknown>)[] = [
  kernelSpecsPlugin,
  kernelClientPlugin,
  kernelManagerPlugin,
  kernelSpecManagerPlugin,
  sessionManagerPlugin,
  itkKernelPlugin
];
