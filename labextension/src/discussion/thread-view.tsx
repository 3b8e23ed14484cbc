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
          <textarea
            className="jp-mod-styled va-Discussion-replyBody"
            aria-label={trans.__('Your reply (Markdown and code)')}
            placeholder={trans.__('Your reply: Markdown, `code` and ``` blocks; mention someone with @name')}
            rows={4}
            value={body}
            maxLength={20_000}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <div className="va-Discussion-formRow">
            {staff ? null : <Anonymous checked={anonymous} set={setAnonymous} trans={trans} />}
            <button type="submit" className="jp-Button jp-mod-accept va-Discussion-send" disabled={busy || body.trim() === ''}>
              {trans.__('Reply')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function Anonymous(props: { checked: boolean; set(on: boolean): void; trans: TranslationBundle }): React.ReactElement {
  return (
    <label className="va-Discussion-anonymous" title={props.trans.__('Other learners see “Anonymous learner”; instructors still see who you are.')}>
      <input type="checkbox" checked={props.checked} onChange={(e) => props.set(e.currentTarget.checked)} />
      {props.trans.__('Anonymous to other learners')}
    </label>
  );
}
