import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IStateDB } from '@jupyterlab/statedb';
import { PageConfig } from '@jupyterlab/coreutils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { DEFAULT_SERVICE_NAME, type LessonSummary } from '@voxel-academy/protocol';
import { AcademyClient } from './client';
import { academyIcon } from './icon';
import { serviceUrlFromHubPrefix } from './service-url';
import { LiveEvents } from './live';
import { CatalogModel } from './sidebar/model';
import { AcademySidebar } from './sidebar/view';
import { fetchLeaderboard, joinLeaderboard } from './lessons/lesson-api';
import { LessonCommands, lessonsPlugin } from './lessons/plugin';
import { assessmentPlugin, OPEN_ASSESSMENT } from './assessment/plugin';
import { kernelPlugins } from './kernel/plugins';
import { sliceViewerPlugin } from './viewer/plugin';
import { debuggerGuardPlugin } from './debugger-guard';
import { notificationsPlugin } from './notifications';
import { InstructorCommands, instructorPlugin } from './instructor/plugin';
import { reviewCommentsPlugin } from './review/plugin';
import { OPEN_DISCUSSION } from './discussion/commands';
import { discussionPlugin } from './discussion/plugin';
import { IAcademyCatalog, IAcademyClient, ILiveEvents } from './tokens';

const CLIENT_PLUGIN = '@voxel-academy/labextension:client';

/** Provides the course-server client; the service name comes from settings, the rest from PageConfig. */
const clientPlugin: JupyterFrontEndPlugin<IAcademyClient> = {
  id: CLIENT_PLUGIN,
  description: 'Course-server client for Voxel Academy.',
  autoStart: true,
  provides: IAcademyClient,
  optional: [ISettingRegistry, ITranslator],
  activate: (_app: JupyterFrontEnd, settings: ISettingRegistry | null, translator: ITranslator | null): IAcademyClient => {
    const hubPrefix = PageConfig.getOption('hubPrefix');
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    const client = new AcademyClient({ serviceUrl: serviceUrlFromHubPrefix(hubPrefix, DEFAULT_SERVICE_NAME), trans });
    if (settings) {
      // Not awaited: activation must never wait on I/O.
      void settings.load(CLIENT_PLUGIN).then((loaded) => {
        const apply = (): void => {
          const name = (loaded.get('serviceName').composite as string | undefined) ?? DEFAULT_SERVICE_NAME;
          client.setServiceUrl(serviceUrlFromHubPrefix(hubPrefix, name));
        };
        loaded.changed.connect(apply);
        apply();
      });
    }
    return client;
  }
};

const WELCOMED_KEY = 'voxel-academy:welcomed';
const OPEN_TRACKS_KEY = 'voxel-academy:open-tracks';

namespace CommandIds {
  export const open = 'voxel-academy:open-sidebar';
  export const refresh = 'voxel-academy:refresh-catalog';
}

/** The course server's live events, one WebSocket per tab shared by every view. */
const livePlugin: JupyterFrontEndPlugin<ILiveEvents> = {
  id: '@voxel-academy/labextension:live-events',
  description: 'Live events from the Voxel Academy course server.',
  autoStart: true,
  requires: [IAcademyClient],
  provides: ILiveEvents,
  activate: (_app: JupyterFrontEnd, client: IAcademyClient): ILiveEvents => new LiveEvents(client)
};

/** The catalog and the learner's progress, for the sidebar and anyone else who asks. */
const catalogPlugin: JupyterFrontEndPlugin<IAcademyCatalog> = {
  id: '@voxel-academy/labextension:catalog',
  description: 'The Voxel Academy catalog, progress and certificates, kept current by live events.',
  autoStart: true,
  requires: [IAcademyClient],
  optional: [ILiveEvents],
  provides: IAcademyCatalog,
  activate: (app: JupyterFrontEnd, client: IAcademyClient, live: ILiveEvents | null): IAcademyCatalog => {
    const model = new CatalogModel(client, live);
    // First load after the shell is up, so login redirects never delay JupyterLab's start.
    void app.restored.then(() => model.refresh());
    return model;
  }
};

/** The Academy sidebar in the left area, restored across reloads. */
const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: '@voxel-academy/labextension:sidebar',
  description: 'The Academy sidebar: courses, tiers, modules and lessons.',
  autoStart: true,
  requires: [IAcademyCatalog, IAcademyClient],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator, IStateDB],
  activate: (
    app: JupyterFrontEnd,
    model: IAcademyCatalog,
    client: IAcademyClient,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    state: IStateDB | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    const actions = {
      openLesson: (course: string, lesson: LessonSummary) => void app.commands.execute(LessonCommands.open, { course, lesson: lesson.id, title: lesson.title }),
      openAssessment: (course: string, lesson: LessonSummary) => void app.commands.execute(OPEN_ASSESSMENT, { course, assessment: lesson.assessment ?? '', title: lesson.title }),
      openInstructor: () => void app.commands.execute(InstructorCommands.open),
      openDiscussion: (course: string, lesson: LessonSummary) => void app.commands.execute(OPEN_DISCUSSION, { course, lesson: lesson.id }),
      leaderboard: {
        leaderboard: (course: string) => fetchLeaderboard(client, course),
        joinLeaderboard: (course: string, pseudonym: string | null) => joinLeaderboard(client, course, pseudonym)
      }
    };
    const sidebar = new AcademySidebar(model, trans, actions, { initial: null, save: (open) => void state?.save(OPEN_TRACKS_KEY, [...open]) });
    sidebar.id = 'voxel-academy-sidebar';
    sidebar.title.icon = academyIcon;
    sidebar.title.caption = trans.__('Voxel Academy');
    app.shell.add(sidebar, 'left', { rank: 150 });
    restorer?.add(sidebar, sidebar.id);
    void state?.fetch(OPEN_TRACKS_KEY).then((saved) => {
      if (Array.isArray(saved)) sidebar.restoreOpenTracks(new Set(saved.filter((k): k is string => typeof k === 'string')));
    });

    app.commands.addCommand(CommandIds.open, {
      label: trans.__('Open Voxel Academy'),
      icon: academyIcon,
      execute: () => app.shell.activateById(sidebar.id)
    });
    app.commands.addCommand(CommandIds.refresh, {
      label: trans.__('Refresh Voxel Academy Catalog'),
      execute: () => model.refresh()
    });
    const category = trans.__('Voxel Academy');
    palette?.addItem({ command: CommandIds.open, category });
    palette?.addItem({ command: CommandIds.refresh, category });

    // A learner's very first visit opens on the course, not on an empty file browser.
    void app.restored.then(async () => {
      if (state && !(await state.fetch(WELCOMED_KEY))) {
        app.shell.activateById(sidebar.id);
        await state.save(WELCOMED_KEY, true);
      }
    });
  }
};

export default [
  clientPlugin,
  livePlugin,
  catalogPlugin,
  sidebarPlugin,
  notificationsPlugin,
  debuggerGuardPlugin,
  lessonsPlugin,
  assessmentPlugin,
  reviewCommentsPlugin,
  discussionPlugin,
  instructorPlugin,
  sliceViewerPlugin,
  ...kernelPlugins
];
export { IAcademyCatalog, IAcademyClient, ILiveEvents } from './tokens';
export { IKernelAnswers } from './kernel/tokens';
