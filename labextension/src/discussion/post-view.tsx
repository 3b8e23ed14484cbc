import * as React from 'react';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { DiscussionPost } from '@voxel-academy/protocol';
import { PostMarkdown } from './markdown';
import type { DiscussionModel } from './model';

export interface IPostProps {
  post: DiscussionPost;
  model: DiscussionModel;
  trans: TranslationBundle;
  rendermime: IRenderMimeRegistry | null;
  staff: boolean;
  locked: boolean;
}

/** Who wrote it, as the reader may know: peers see "Anonymous learner"; staff see who. */
export function AuthorLine(props: { post: DiscussionPost; trans: TranslationBundle }): React.ReactElement {
  const { post, trans } = props;
  const a = post.author;
  const when = new Date(post.createdAt).toLocaleString();
  return (
    <div className="va-Discussion-author">
      <span className="va-Discussion-authorName">{a.user && a.anonymous ? trans.__('%1 (anonymous to peers)', a.user) : a.label}</span>
      {a.staff ? <span className="va-Badge va-Discussion-staff">{trans.__('staff')}</span> : null}
      {a.you ? <span className="va-Discussion-you">{trans.__('(you)')}</span> : null}
      <time dateTime={post.createdAt} className="va-Lesson-meta">
        {when}
      </time>
      {post.editedAt ? <span className="va-Lesson-meta">{trans.__('edited')}</span> : null}
    </div>
  );
}

/** One post: its body, votes, the endorsement, and what the reader may do with it. */
export function PostView(props: IPostProps): React.ReactElement {
  const { post, model, trans, staff, locked } = props;
  const [editing, setEditing] = React.useState(false);
  const [draft, setDraft] = React.useState(post.body);
  const [reporting, setReporting] = React.useState(false);
  const [reason, setReason] = React.useState('');
  const busy = model.state.busy;
  const own = post.author.you;
  const gone = post.deleted;
  const classes = ['va-Discussion-post', post.isQuestion ? 'va-Discussion-question' : '', post.endorsed ? 'va-Discussion-endorsed' : '', post.hidden ? 'va-Discussion-hidden' : ''];
  return (
    <article className={classes.filter(Boolean).join(' ')} data-post-id={post.id} aria-label={trans.__('Post by %1', post.author.label)}>
      <AuthorLine post={post} trans={trans} />
      {post.endorsed ? <p className="va-Discussion-endorsement">{trans.__('✓ Endorsed by an instructor')}</p> : null}
      {gone ? <p className="va-Discussion-gone">{trans.__('Deleted by its author.')}</p> : null}
      {post.hidden ? <p className="va-Discussion-gone">{post.hiddenReason ? trans.__('Hidden by staff: %1', post.hiddenReason) : trans.__('Hidden by staff.')}</p> : null}
      {editing ? (
        <form
          className="va-Discussion-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void model.act((api) => api.edit(post.id, draft)).then((ok) => ok && setEditing(false));
          }}
        >
          <textarea className="jp-mod-styled" aria-label={trans.__('Edit your post')} value={draft} rows={5} onChange={(e) => setDraft(e.currentTarget.value)} />
          <button type="submit" className="jp-Button jp-mod-accept" disabled={busy}>
            {trans.__('Save')}
          </button>
          <button type="button" className="jp-Button" onClick={() => setEditing(false)}>
            {trans.__('Cancel')}
          </button>
        </form>
      ) : post.body && !gone ? (
        <PostMarkdown source={post.body} rendermime={props.rendermime} />
      ) : null}
      {gone ? null : (
        <div className="va-Discussion-actions">
          <button
            type="button"
            className={`jp-Button va-Discussion-vote${post.voted ? ' va-mod-on' : ''}`}
            aria-pressed={post.voted}
            disabled={busy || own || locked}
            title={own ? trans.__('You cannot vote for your own post') : trans.__('Useful')}
            onClick={() => void model.act((api) => api.vote(post.id, !post.voted))}
          >
            {trans.__('▲ %1', post.votes)}
          </button>
          {staff && !post.isQuestion ? (
            <button type="button" className="jp-Button va-Discussion-endorse" disabled={busy} onClick={() => void model.act((api) => api.endorse(post.id, !post.endorsed))}>
              {post.endorsed ? trans.__('Withdraw endorsement') : trans.__('Endorse answer')}
            </button>
          ) : null}
          {staff ? (
            <button type="button" className="jp-Button va-Discussion-hide" disabled={busy} onClick={() => void model.act((api) => api.hide(post.id, !post.hidden, post.hidden ? '' : trans.__('hidden by an instructor')))}>
              {post.hidden ? trans.__('Show to learners') : trans.__('Hide from learners')}
            </button>
          ) : null}
          {own && !post.hidden ? (
            <>
              <button type="button" className="jp-Button va-Discussion-editButton" disabled={busy || locked} onClick={() => (setDraft(post.body), setEditing(true))}>
                {trans.__('Edit')}
              </button>
              <button type="button" className="jp-Button va-Discussion-delete" disabled={busy || locked} onClick={() => void confirmDelete(trans).then((yes) => yes && model.act((api) => api.remove(post.id)))}>
                {trans.__('Delete')}
              </button>
            </>
          ) : null}
          {!own && !staff ? (
            <button type="button" className="jp-Button va-Discussion-report" disabled={busy} onClick={() => setReporting(!reporting)}>
              {trans.__('Report')}
            </button>
          ) : null}
        </div>
      )}
      {reporting ? (
        <form
          className="va-Discussion-reportForm"
          onSubmit={(e) => {
            e.preventDefault();
            void model.act((api) => api.report(post.id, reason)).then((ok) => ok && (setReporting(false), setReason('')));
          }}
        >
          <label>
            {trans.__('What is wrong with this post? Instructors will see your name and reason.')}
            <input className="jp-mod-styled" value={reason} minLength={3} maxLength={1000} onChange={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit" className="jp-Button jp-mod-warn" disabled={busy || reason.trim().length < 3}>
            {trans.__('Send report')}
          </button>
        </form>
      ) : null}
    </article>
  );
}

async function confirmDelete(trans: TranslationBundle): Promise<boolean> {
  const answer = await showDialog({
    title: trans.__('Delete this post?'),
    body: trans.__('It keeps its place in the thread as “deleted”; replies to it stay.'),
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: trans.__('Delete') })]
  });
  return answer.button.accept;
}
