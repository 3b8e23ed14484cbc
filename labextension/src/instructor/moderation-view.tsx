import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ModerationQueue } from '@voxel-academy/protocol';
import { DiscussionApi } from '../discussion/api';
import type { InstructorApi } from './api';

interface IModerationProps {
  api: InstructorApi;
  courseId: string;
  /** Lesson id → title. */
  lessonTitles: ReadonlyMap<string, string>;
  /** Bumped by live events: a new report shows without a reload. */
  liveUpdates: number;
  trans: TranslationBundle;
  openThread(lessonId: string, threadId: string): void;
}

/**
 * The discussion's moderation queue: reported posts (open ones first) with what the reporter said,
 * dismiss or hide in one click, and the log of every moderation action in the course.
 */
export function ModerationView(props: IModerationProps): React.ReactElement {
  const { courseId, trans } = props;
  const discussion = React.useMemo(() => new DiscussionApi(props.api.client), [props.api]);
  const [queue, setQueue] = React.useState<ModerationQueue | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  React.useEffect(() => {
    let current = true;
    discussion.moderation(courseId).then(
      (q) => current && (setQueue(q), setError(null)),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err))
    );
    return () => {
      current = false;
    };
  }, [discussion, courseId, props.liveUpdates]);
  const resolve = (report: string, action: 'dismiss' | 'hide'): void => {
    setBusy(true);
    discussion
      .resolveReport(report, { action, note: '' })
      .then(
        (q) => (setQueue(q), setError(null)),
        (err: unknown) => setError(err instanceof Error ? err.message : String(err))
      )
      .finally(() => setBusy(false));
  };
  if (!queue) return error ? <p className="va-Assessment-error">{error}</p> : <p role="status">{trans.__('Loading the moderation queue…')}</p>;
  const open = queue.reports.filter((r) => r.state === 'open');
  const actionNames: Record<ModerationQueue['actions'][number]['action'], string> = {
    hide: trans.__('hid a post'),
    unhide: trans.__('showed a post again'),
    lock: trans.__('locked a thread'),
    unlock: trans.__('unlocked a thread'),
    endorse: trans.__('endorsed an answer'),
    unendorse: trans.__('withdrew an endorsement'),
    'dismiss-report': trans.__('dismissed a report'),
    'staff-only': trans.__('made an item’s threads staff-only'),
    'open-to-all': trans.__('opened an item’s threads to all'),
    resolve: trans.__('marked a thread resolved'),
    reopen: trans.__('reopened a thread')
  };
  return (
    <div className="va-Moderation">
      {error ? <p className="va-Assessment-error" role="alert">{error}</p> : null}
      <h3>{trans.__('Reported posts: %1 open', open.length)}</h3>
      {queue.reports.length === 0 ? <p>{trans.__('Nobody has reported a post in this course.')}</p> : null}
      <ul className="va-Moderation-reports">
        {queue.reports.map((r) => (
          <li key={r.id} className={`va-Moderation-report va-mod-${r.state}`} data-report-id={r.id} data-state={r.state}>
            <p>
              <strong>{r.thread.title}</strong> · {props.lessonTitles.get(r.thread.lessonId) ?? r.thread.lessonId}
              {r.thread.itemId ? ` · ${trans.__('item %1', r.thread.itemId)}` : ''}
            </p>
            <p className="va-Lesson-meta">{trans.__('Post by %1, reported by %2: “%3”', r.post.author.user ?? r.post.author.label, r.reporter, r.reason)}</p>
            <blockquote className="va-Moderation-body">{r.post.body || trans.__('(empty: deleted by its author)')}</blockquote>
            {r.state === 'open' ? (
              <div className="va-Discussion-actions">
                <button type="button" className="jp-Button va-Moderation-hide jp-mod-warn" disabled={busy} onClick={() => resolve(r.id, 'hide')}>
                  {trans.__('Hide the post')}
                </button>
                <button type="button" className="jp-Button va-Moderation-dismiss" disabled={busy} onClick={() => resolve(r.id, 'dismiss')}>
                  {trans.__('Dismiss the report')}
                </button>
                <button type="button" className="jp-Button va-Moderation-openThread" onClick={() => props.openThread(r.thread.lessonId, r.thread.id)}>
                  {trans.__('Open the thread')}
                </button>
              </div>
            ) : (
              <p className="va-Lesson-meta">{trans.__('%1 by %2', r.state === 'dismissed' ? trans.__('Dismissed') : trans.__('Post hidden'), r.resolvedBy ?? '')}</p>
            )}
          </li>
        ))}
      </ul>
      <h3>{trans.__('Moderation log')}</h3>
      {queue.actions.length === 0 ? (
        <p>{trans.__('No moderation action yet.')}</p>
      ) : (
        <table className="va-Table va-Moderation-log">
          <thead>
            <tr>
              <th scope="col">{trans.__('When')}</th>
              <th scope="col">{trans.__('Who')}</th>
              <th scope="col">{trans.__('Action')}</th>
              <th scope="col">{trans.__('Note')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.actions.map((a, i) => (
              <tr key={`${a.at}-${i}`} data-action={a.action}>
                <td>{new Date(a.at).toLocaleString()}</td>
                <td>{a.actor}</td>
                <td>{actionNames[a.action]}</td>
                <td>{a.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
