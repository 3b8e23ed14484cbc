import * as React from 'react';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { DiscussionThreadSummary } from '@voxel-academy/protocol';
import type { DiscussionModel, IDiscussionPlace, IDiscussionState } from './model';
import { BodyField, FormRow, ThreadBadges, ThreadView } from './thread-view';

export interface IDiscussionPanelOptions {
  model: DiscussionModel;
  trans: TranslationBundle;
  rendermime: IRenderMimeRegistry | null;
  /** Instructors and admins: they moderate and are never anonymous. */
  staff: () => boolean;
}

/**
 * The discussion beside a lesson (the right-hand area): its questions, one thread at a time, and
 * the form to ask. It follows the place the learner last asked about (a lesson or an item).
 */
export class DiscussionPanel extends ReactWidget {
  constructor(private readonly options: IDiscussionPanelOptions) {
    super();
    this.addClass('va-Discussion');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', options.trans.__('Discussion'));
  }

  override dispose(): void {
    this.options.model.dispose();
    super.dispose();
  }

  protected render(): React.ReactElement {
    const { model } = this.options;
    return <UseSignal signal={model.changed} initialArgs={model.state}>{(_, state) => <DiscussionView {...this.options} state={state ?? model.state} />}</UseSignal>;
  }
}

function DiscussionView(props: IDiscussionPanelOptions & { state: IDiscussionState }): React.ReactElement {
  const { state: s, trans, model } = props;
  const staff = props.staff();
  if (!s.at) return <p className="va-Discussion-empty">{trans.__('Open a lesson, then its Discussion button, to read and ask questions about it.')}</p>;
  const at = s.at;
  return (
    <>
      <header className="va-Discussion-header">
        <h2>{trans.__('Discussion')}</h2>
        <p className="va-Discussion-place" data-lesson-id={at.place.lessonId} data-item-id={at.place.itemId ?? ''}>
          {at.itemLabel ? trans.__('%1 — %2', at.title, at.itemLabel) : at.title}
        </p>
        {at.place.itemId ? (
          <button type="button" className="va-Link va-Discussion-wholeLesson" onClick={() => void model.show({ ...at, place: { lessonId: at.place.lessonId, assessmentId: null, itemId: null }, itemLabel: null })}>
            {trans.__('All questions on this lesson')}
          </button>
        ) : null}
      </header>
      {s.error ? (
        <p className="va-Assessment-error va-Discussion-error" role="alert">
          {s.error}
        </p>
      ) : null}
      {s.open ? (
        <ThreadView thread={s.open} model={model} trans={trans} rendermime={props.rendermime} staff={staff} />
      ) : (
        <>
          {s.itemStaffOnly !== null ? <StaffOnlySwitch at={at} on={s.itemStaffOnly} busy={s.busy} model={model} trans={trans} /> : null}
          <ThreadList threads={s.threads} liveUpdates={s.liveUpdates} model={model} trans={trans} />
          <AskForm at={at} model={model} trans={trans} staff={staff} busy={s.busy} />
        </>
      )}
    </>
  );
}

function ThreadList(props: { threads: DiscussionThreadSummary[] | null; liveUpdates: number; model: DiscussionModel; trans: TranslationBundle }): React.ReactElement {
  const { threads, trans } = props;
  if (threads === null) return <p role="status">{trans.__('Loading the questions…')}</p>;
  if (threads.length === 0) return <p className="va-Discussion-empty">{trans.__('No questions yet. Ask the first one below.')}</p>;
  return (
    <ul className="va-Discussion-list" aria-label={trans.__('Questions')} data-live-updates={props.liveUpdates}>
      {threads.map((t) => (
        <li key={t.id} className={`va-Discussion-row${t.unread > 0 ? ' va-mod-unread' : ''}`} data-thread-id={t.id}>
          <button type="button" className="va-Discussion-open" onClick={() => void props.model.openThread(t.id)}>
            <span className="va-Discussion-title">{t.title}</span>
            <span className="va-Lesson-meta">
              {trans._n('%1 reply', '%1 replies', t.replies)}
              {' · '}
              {trans.__('▲ %1', t.votes)}
              {' · '}
              {t.author.label}
            </span>
            {t.unread > 0 ? <span className="va-Badge va-Discussion-unread">{trans.__('%1 new', t.unread)}</span> : null}
          </button>
          <ThreadBadges thread={t} trans={trans} />
        </li>
      ))}
    </ul>
  );
}

function AskForm(props: { at: IDiscussionPlace; model: DiscussionModel; trans: TranslationBundle; staff: boolean; busy: boolean }): React.ReactElement {
  const { trans, model } = props;
  const [title, setTitle] = React.useState('');
  const [body, setBody] = React.useState('');
  const [anonymous, setAnonymous] = React.useState(false);
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    void model.ask(title, body, anonymous).then((ok) => ok && (setTitle(''), setBody('')));
  };
  return (
    <form className="va-Discussion-ask" onSubmit={submit} aria-label={trans.__('Ask a question')}>
      <h3>{props.at.itemLabel ? trans.__('Ask about this item') : trans.__('Ask a question')}</h3>
      <input className="jp-mod-styled va-Discussion-askTitle" aria-label={trans.__('Title')} placeholder={trans.__('Title: what are you stuck on?')} value={title} maxLength={140} onChange={(e) => setTitle(e.currentTarget.value)} />
      <BodyField
        className="va-Discussion-askBody"
        label={trans.__('Your question (Markdown and code)')}
        placeholder={trans.__('What you tried and what happened. Markdown and code blocks work; remote images are not shown.')}
        value={body}
        set={setBody}
      />
      <FormRow
        anonymous={props.staff ? null : { checked: anonymous, set: setAnonymous }}
        trans={trans}
        button={{ className: 'va-Discussion-askButton', label: trans.__('Post question'), disabled: props.busy || title.trim().length < 3 || body.trim() === '' }}
      />
    </form>
  );
}

/** Staff: an item's threads readable only by staff and their asker until the deadline. */
function StaffOnlySwitch(props: { at: IDiscussionPlace; on: boolean; busy: boolean; model: DiscussionModel; trans: TranslationBundle }): React.ReactElement {
  const { at, trans, model } = props;
  const toggle = (next: boolean): void => {
    const { assessmentId, itemId } = at.place;
    if (assessmentId && itemId) void model.act((api) => api.setItemStaffOnly(at.courseId, assessmentId, itemId, next));
  };
  return (
    <label className="va-Discussion-staffOnlySwitch">
      <input type="checkbox" checked={props.on} disabled={props.busy} onChange={(e) => toggle(e.currentTarget.checked)} />
      {trans.__('Staff-only until the deadline (learners see only their own questions on this item)')}
    </label>
  );
}
