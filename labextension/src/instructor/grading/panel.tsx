import * as React from 'react';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { ReviewDetail } from '@voxel-academy/protocol';
import { FilesView, QueueList } from './queue-view';
import type { GradingModel, IGradingState } from './model';
import { NotebookView } from './notebook-view';
import { RubricForm } from './rubric-form';

export interface IGradingOptions {
  model: GradingModel;
  trans: TranslationBundle;
  rendermime: IRenderMimeRegistry | null;
  /** This grader's name: a claim of theirs makes the project editable. */
  me: string;
}

/**
 * Grading one project's queue: the queue, the learner's rendered notebook with the report and
 * files, and the rubric beside it. Keyboard: 1–9 choose a level of the focused criterion,
 * [ and ] move between criteria, j/k the next/previous project, n the next ungraded one,
 * Ctrl+S saves a draft, Ctrl+Enter releases the grade and opens the next project.
 */
export class GradingPanel extends ReactWidget {
  constructor(private readonly options: IGradingOptions) {
    super();
    this.addClass('va-Grading');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', options.trans.__('Grading queue'));
  }

  override dispose(): void {
    this.options.model.dispose();
    super.dispose();
  }

  protected render(): React.ReactElement {
    const { model } = this.options;
    return <UseSignal signal={model.changed} initialArgs={model.state}>{(_, state) => <Grading {...this.options} state={state ?? model.state} />}</UseSignal>;
  }
}

function claimText(current: ReviewDetail, me: string, trans: TranslationBundle): string {
  const s = current.summary;
  const until = s.claimExpiresAt ? new Date(s.claimExpiresAt).toLocaleTimeString() : '';
  if (s.status === 'graded') return trans.__('Graded by %1 (%2 %). Take it to change the grade.', s.gradedBy ?? '?', Math.round((s.score ?? 0) * 100));
  if (s.status === 'superseded') return trans.__('The learner submitted a newer attempt: grade that one.');
  if (s.claimedBy === me) return trans.__('You are grading this project (held for you until %1).', until);
  if (s.claimedBy) return trans.__('%1 is grading this project until %2.', s.claimedBy, until);
  return trans.__('Nobody is grading this project yet.');
}

function Grading(props: IGradingOptions & { state: IGradingState }): React.ReactElement {
  const { state: s, model, trans, me } = props;
  const current = s.current;
  const mine = current !== null && current.summary.claimedBy === me && current.summary.status === 'claimed';
  const onKey = (e: React.KeyboardEvent): void => {
    if (!current) return;
    const typing = (e.target as HTMLElement).closest('textarea, input[type="text"], input[type="search"]') !== null;
    const ctrl = e.ctrlKey || e.metaKey;
    const act = (f: () => void): void => {
      e.preventDefault();
      f();
    };
    if (ctrl && e.key === 'Enter' && mine) return act(() => void model.save(true, true));
    if (ctrl && e.key.toLowerCase() === 's' && mine) return act(() => void model.save(false));
    if (typing || ctrl || e.altKey) return;
    const criteria = current.item.rubric.criteria;
    if (/^[1-9]$/.test(e.key) && mine) {
      const criterion = criteria[s.focus];
      const level = criterion?.levels[Number(e.key) - 1];
      if (criterion && level) act(() => model.setLevel(criterion.id, level.id));
    } else if (e.key === ']') act(() => model.focus(s.focus + 1));
    else if (e.key === '[') act(() => model.focus(s.focus - 1));
    else if (e.key === 'j' && current.nextId) act(() => void model.open(current.nextId ?? ''));
    else if (e.key === 'k' && current.previousId) act(() => void model.open(current.previousId ?? ''));
    else if (e.key === 'n') act(() => void model.next());
  };
  const takeOver = async (): Promise<void> => {
    const holder = current?.summary.claimedBy ?? '';
    const answer = await showDialog({
      title: trans.__('Take this project over from %1?', holder),
      body: trans.__('%1 will no longer be able to save a grade for it. Do this only if they have left it.', holder),
      buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.warnButton({ label: trans.__('Take over') })]
    });
    if (answer.button.accept) await model.claim(true);
  };
  return (
    <div className="va-Grading-root" tabIndex={0} onKeyDown={onKey} aria-describedby="va-grading-keys">
      <header className="va-Grading-header">
        <h2>{s.queue?.title ?? trans.__('Grading queue')}</h2>
        <label className="va-Grading-names">
          <input type="checkbox" checked={s.hideNames || (s.queue?.anonymous ?? false)} disabled={s.queue?.anonymous ?? false} onChange={() => model.toggleNames()} /> {trans.__('Hide names while grading')}
        </label>
        <button type="button" className="jp-Button va-Grading-next" disabled={s.busy} onClick={() => void model.next()}>
          {trans.__('Next ungraded (n)')}
        </button>
        <p id="va-grading-keys" className="va-Lesson-meta">
          {trans.__('Keys: 1–9 level · [ ] criterion · j/k next/previous · n next ungraded · Ctrl+S draft · Ctrl+Enter release and next')}
        </p>
      </header>
      {s.error ? <p className="va-Assessment-error" role="alert">{s.error}</p> : null}
      {s.message ? <p className="va-Assessment-notice" role="status">{s.message}</p> : null}
      <div className="va-Grading-columns">
        <QueueList queue={s.queue} current={current?.summary.submissionId ?? null} trans={trans} open={(id) => void model.open(id)} />
        {current ? (
          <>
            <section className="va-Grading-work" aria-label={trans.__('The submitted project')}>
              <h3>{current.summary.learner ?? current.summary.alias} · {trans.__('attempt %1', current.summary.attempt)}{current.summary.late ? ` · ${trans.__('late')}` : ''}</h3>
              <p className="va-Lesson-meta">{current.notebookPath}</p>
              <NotebookView notebook={current.notebook} comments={s.draft.cellComments} rendermime={props.rendermime} trans={trans} onComment={mine ? (i, id, text) => model.setCellComment(i, id, text) : null} />
              <h3>{trans.__('Report')}</h3>
              <div className="va-Grading-report">{current.report || trans.__('(no report)')}</div>
              <FilesView files={current.files} trans={trans} />
            </section>
            <aside className="va-Grading-rubric" aria-label={trans.__('Rubric')}>
              <p className="va-Grading-claim" data-mine={String(mine)}>{claimText(current, me, trans)}</p>
              {!mine && current.summary.status !== 'superseded' ? (
                current.summary.claimedBy && current.summary.claimedBy !== me && current.summary.status === 'claimed' ? (
                  <button type="button" className="jp-Button jp-mod-warn" onClick={() => void takeOver()}>{trans.__('Take over…')}</button>
                ) : (
                  <button type="button" className="jp-Button va-Grading-claimButton" onClick={() => void model.claim(false)}>{trans.__('Grade this project')}</button>
                )
              ) : null}
              {current.graderNotes ? (
                <details className="va-Grading-notes">
                  <summary>{trans.__('Notes for graders')}</summary>
                  <p>{current.graderNotes}</p>
                </details>
              ) : null}
              <RubricForm rubric={current.item.rubric} draft={s.draft} focus={s.focus} editable={mine} model={model} trans={trans} />
              <div className="va-Grading-actions">
                <button type="button" className="jp-Button va-Grading-save" disabled={!mine || s.busy} onClick={() => void model.save(false)}>{trans.__('Save draft')}</button>
                <button type="button" className="jp-Button jp-mod-accept va-Grading-release" disabled={!mine || s.busy} onClick={() => void model.save(true)}>{trans.__('Release grade')}</button>
                <button type="button" className="jp-Button va-Grading-releaseNext" disabled={!mine || s.busy} onClick={() => void model.save(true, true)}>{trans.__('Release and next')}</button>
              </div>
              {s.dirty ? <p className="va-Lesson-meta">{trans.__('Unsaved changes.')}</p> : null}
            </aside>
          </>
        ) : (
          <p className="va-Grading-empty">{s.done ? trans.__('All caught up.') : trans.__('Loading…')}</p>
        )}
      </div>
    </div>
  );
}
