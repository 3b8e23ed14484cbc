import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { LiveEvent } from '@voxel-academy/protocol';
import { OPEN_DISCUSSION } from './discussion/commands';
import { followMilestones } from './sidebar/milestones';
import { IAcademyCatalog, ILiveEvents } from './tokens';

const PLUGIN_ID = '@voxel-academy/labextension:notifications';

/** Graded submissions and new certificates as JupyterLab notifications (schema/notifications.json). */
export const notificationsPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Notifications for graded submissions, certificates, badges, milestones and the discussion.',
  autoStart: true,
  requires: [ILiveEvents],
  optional: [ISettingRegistry, ITranslator, IAcademyCatalog],
  activate: (app, live: ILiveEvents, settings: ISettingRegistry | null, translator: ITranslator | null, catalog: IAcademyCatalog | null): void => {
    const trans = (translator ?? nullTranslator).load('voxel_academy');
    const wanted = { graded: true, certificates: true, achievements: true, discussion: true };
    if (settings) {
      void settings.load(PLUGIN_ID).then((loaded) => {
        const apply = (): void => void Object.assign(wanted, loaded.composite as Partial<typeof wanted>);
        loaded.changed.connect(apply);
        apply();
      });
    }
    live.received.connect((_, event: LiveEvent) => {
      if (event.type === 'submission.graded' && wanted.graded && event.submission.score !== null) {
        const score = `${Math.round(event.submission.score * 1000) / 10} %`;
        const text = event.submission.passed ? trans.__('%1: passed with %2', event.submission.assessmentId, score) : trans.__('%1: %2, not passed yet', event.submission.assessmentId, score);
        Notification.emit(text, event.submission.passed ? 'success' : 'info', { autoClose: 6000 });
      }
      if (event.type === 'certificate.issued' && wanted.certificates) {
        Notification.success(trans.__('Certificate issued: %1', event.certificate.title), { autoClose: 10000 });
      }
      if (event.type === 'discussion.notify' && wanted.discussion) {
        const text = {
          reply: trans.__('%1 replied to your question “%2”', event.from, event.title),
          mention: trans.__('%1 mentioned you in “%2”', event.from, event.title),
          endorsed: trans.__('An instructor endorsed your answer in “%1”', event.title)
        }[event.kind];
        const open = { course: event.courseId, lesson: event.lessonId, thread: event.threadId };
        Notification.info(text, { autoClose: 10000, actions: [{ label: trans.__('Open'), callback: () => void app.commands.execute(OPEN_DISCUSSION, open) }] });
      }
      if (event.type === 'badge.issued' && wanted.achievements) {
        Notification.success(trans.__('Badge earned: %1', event.badge.title), { autoClose: 10000 });
      }
    });
    if (catalog) {
      followMilestones(catalog, (title) => {
        if (wanted.achievements) Notification.success(trans.__('Milestone reached: %1', title), { autoClose: 8000 });
      });
    }
  }
};
