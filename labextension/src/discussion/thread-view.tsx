import * as React from 'react';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { DiscussionThread, DiscussionThreadSummary } from '@voxel-academy/protocol';
import type { DiscussionModel } from './model';
import { PostView } from './post-view';

interface IThreadProps {
  thread: DiscussionThread;
  model: DiscussionModel;
  trans: TranslationBundle;
  rendermime: IRenderMimeRegistry | null;
  staff: boolean;
}

/** Resolved, endorsed, locked, staff-only: what a thread's badges say, for the list and the thread. */
export function ThreadBadges(props: { thread: DiscussionThreadSummary; trans: TranslationBundle }): React.ReactElement {
  const { thread: t, trans } = props;
  return (
    <span className="va-Discussion-badges">
      {t.resolved ? <span className="va-Badge va-Discussion-resolved">{trans.__('resolved')}</span> : null}
      {t.endorsed ? <span className="va-Badge va-Discussion-endorsedBadge">{trans.__('endorsed answer')}</span> : null}
      {t.locked ? <span className="va-Badge va-Discussion-locked">{trans.__('locked')}</span> : null}
      {t.staffOnly ? <span className="va-Badge va-Discussion-staffOnly">{trans.__('staff only until the deadline')}</span> : null}
      {t.itemId ? <span className="va-Badge">{trans.__('item %1', t.itemId)}</span> : null}
    </span>
  );
}

/** A thread: the question, its replies (endorsed first after the question), the reply form. */
export function ThreadView(props: IThreadProps): React.ReactElement {
  const { thread, model, trans, staff } = props;
  const [body, setBody] = React.useState('');
  const [anonymous, setAnonymous] = React.useState(false);
  const busy = model.state.busy;
  const asker = thread.author.you;
  const [question, ...replies] = thread.posts;
  const ordered = [...replies.filter((p) => p.endorsed), ...replies.filter((p) => !p.endorsed)];
  const send = (e: React.FormEvent): void => {
    e.preventDefault();
    void model.act((api) => api.reply(thread.id, body, anonymous)).then((ok) => ok && setBody(''));
  };
  return (
    <section className="va-Discussion-thread" data-thread-id={thread.id} aria-labelledby="va-discussion-thread-title">
      <button type="button" className="jp-Button va-Discussion-back" onClick={() => model.closeThread()}>
        {trans.__('← All questions')}
      </button>
      <h3 id="va-discussion-thread-title" className="va-Discussion-threadTitle">
        {thread.title}
      </h3>
      <ThreadBadges thread={thread} trans={trans} />
      <div className="va-Discussion-threadActions">
        {asker || staff ? (
          <button type="button" className="jp-Button va-Discussion-resolve" disabled={busy} onClick={() => void model.act((api) => api.setState(thread.id, { resolved: !thread.resolved }))}>
            {thread.resolved ? trans.__('Reopen') : trans.__('Mark resolved')}
          </button>
        ) : null}
        {staff ? (
          <button type="button" className="jp-Button va-Discussion-lock" disabled={busy} onClick={() => void model.act((api) => api.setState(thread.id, { locked: !thread.locked }))}>
            {thread.locked ? trans.__('Unlock') : trans.__('Lock')}
          </button>
        ) : null}
      </div>
      {question ? <PostView post={question} model={model} trans={trans} rendermime={props.rendermime} staff={staff} locked={thread.locked} /> : null}
      <h4 className="va-Discussion-repliesTitle">{trans._n('%1 reply', '%1 replies', replies.length)}</h4>
      {ordered.map((post) => (
        <PostView key={post.id} post={post} model={model} trans={trans} rendermime={props.rendermime} staff={staff} locked={thread.locked} />
      ))}
      {thread.locked ? (
        <p className="va-Discussion-gone">{trans.__('An instructor locked this thread: no new replies.')}</p>
      ) : (
        <form className="va-Discussion-replyForm" onSubmit={send}>
          <BodyField
            className="va-Discussion-replyBody"
            label={trans.__('Your reply (Markdown and code)')}
            placeholder={trans.__('Your reply: Markdown, `code` and ``` blocks; mention someone with @name')}
            value={body}
            set={setBody}
          />
          <FormRow anonymous={staff ? null : { checked: anonymous, set: setAnonymous }} trans={trans} button={{ className: 'va-Discussion-send', label: trans.__('Reply'), disabled: busy || body.trim() === '' }} />
        </form>
      )}
    </section>
  );
}

/** A post's Markdown body (at most 20,000 characters, as the server takes). */
export function BodyField(props: { className: string; label: string; placeholder: string; value: string; set(value: string): void }): React.ReactElement {
  return (
    <textarea
      className={`jp-mod-styled ${props.className}`}
      aria-label={props.label}
      placeholder={props.placeholder}
      rows={5}
      value={props.value}
      maxLength={20_000}
      onChange={(e) => props.set(e.currentTarget.value)}
    />
  );
}

/** Anonymous to peers (learners only: staff always post as themselves) and the form's button. */
export function FormRow(props: {
  anonymous: { checked: boolean; set(on: boolean): void } | null;
  trans: TranslationBundle;
  button: { className: string; label: string; disabled: boolean };
}): React.ReactElement {
  const { anonymous, trans, button } = props;
  return (
    <div className="va-Discussion-formRow">
      {anonymous ? (
        <label className="va-Discussion-anonymous" title={trans.__('Other learners see “Anonymous learner”; instructors still see who you are.')}>
          <input type="checkbox" checked={anonymous.checked} onChange={(e) => anonymous.set(e.currentTarget.checked)} />
          {trans.__('Anonymous to other learners')}
        </label>
      ) : null}
      <button type="submit" className={`jp-Button jp-mod-accept ${button.className}`} disabled={button.disabled}>
        {button.label}
      </button>
    </div>
  );
}
