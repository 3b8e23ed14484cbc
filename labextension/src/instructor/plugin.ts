import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, type MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { Widget } from '@lumino/widgets';
import { academyIcon } from '../icon';
import { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';
import type { IWorkspaceDeps } from './workspace';

export namespace InstructorCommands {
  export const open = 'voxel-academy:open-instructor';
  export const grade = 'voxel-academy:open-grading';
}

/** Instructors and admins (hub group `instructors`, hub admins); everyone else is a learner only. */
export function isStaff(state: IAcademyCatalog.State): boolean {
  return state.kind === 'ready' && state.me.roles.some((r) => r === 'instructor' || r === 'admin');
}

/** The catalog's first settled state (a restored workspace asks before the sidebar's first load ends). */
function settled(catalog: IAcademyCatalog): Promise<IAcademyCatalog.State> {
  if (catalog.state.kind !== 'loading') return Promise.resolve(catalog.state);
  return new Promise((resolve) => {
    const done = (_: IAcademyCatalog, state: IAcademyCatalog.State): void => {
      if (state.kind === 'loading') return;
      catalog.changed.disconnect(done);
      resolve(state);
    };
    catalog.changed.connect(done);
  });
}

/**
 * The instructor workspace's commands. Only this file is part of JupyterLab's start: the
 * workspace itself (views, charts, grading) is loaded with `import()` when an instructor opens
 * it, and never for a learner, whose command does nothing and is not listed.
 */
export const instructorPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:instructor',
  description: 'The instructor workspace: cohort overview, heatmap, analytics, learners, actions and the grading queue.',
  autoStart: true,
  requires: [IAcademyClient, IAcademyCatalog],
  optional: [ILiveEvents, ICommandPalette, ITranslator, ILayoutRestorer, IRenderMimeRegistry],
  activate: (
    app: JupyterFrontEnd,
    client: IAcademyClient,
    catalog: IAcademyCatalog,
    live: ILiveEvents | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    rendermime: IRenderMimeRegistry | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    const tracker = new WidgetTracker<MainAreaWidget<Widget>>({ namespace: 'voxel-academy-instructor' });
    const deps: IWorkspaceDeps = { app, client, catalog, live, trans, tracker, rendermime, commands: InstructorCommands };
    const load = async (): Promise<typeof import('./workspace') | null> => {
      // A learner gets nothing: the workspace's code is not even fetched.
      if (!isStaff(await settled(catalog))) return null;
      return import(/* webpackChunkName: "voxel-academy-instructor" */ './workspace');
    };
    const staff = (): boolean => isStaff(catalog.state);
    app.commands.addCommand(InstructorCommands.open, {
      label: trans.__('Instructor Workspace'),
      caption: trans.__('Cohort progress, analytics, learners, actions and the grading queue'),
      icon: academyIcon,
      isVisible: staff,
      isEnabled: staff,
      // Not awaited: JupyterLab's layout restore waits for this command, and the catalog's first
      // load waits for the restore; the workspace opens once the catalog says who this is.
      execute: (args) => void load().then((workspace) => workspace?.openWorkspace(deps, args))
    });
    app.commands.addCommand(InstructorCommands.grade, {
      label: (args) => (typeof args['title'] === 'string' ? trans.__('Grade: %1', args['title']) : trans.__('Grading Queue')),
      icon: academyIcon,
      isVisible: staff,
      isEnabled: staff,
      execute: (args) => void load().then((workspace) => workspace?.openGrading(deps, args))
    });
    catalog.changed.connect(() => {
      app.commands.notifyCommandChanged(InstructorCommands.open);
      app.commands.notifyCommandChanged(InstructorCommands.grade);
    });
    palette?.addItem({ command: InstructorCommands.open, category: trans.__('Voxel Academy') });
    void restorer?.restore(tracker, { command: InstructorCommands.open, args: (w) => ({ restore: w.id }), name: (w) => w.id });
  }
};
