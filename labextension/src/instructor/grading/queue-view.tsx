import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReviewDetail, ReviewQueue } from '@voxel-academy/protocol';

/** The queue, oldest first: who (or which pseudonym), its status and who holds or graded it. */
export function QueueList(props: { queue: ReviewQueue | null; current: string | null; trans: TranslationBundle; open(id: string): void }): React.ReactElement {
  const { queue, trans } = props;
  const status = { open: trans.__('waiting'), claimed: trans.__('being graded'), graded: trans.__('graded'), superseded: trans.__('replaced') };
  return (
    <nav className="va-Grading-queue" aria-label={trans.__('Projects in the queue')}>
      {queue ? <p className="va-Lesson-meta">{trans.__('%1 waiting · %2 being graded · %3 graded', queue.counts.open, queue.counts.claimed, queue.counts.graded)}</p> : null}
      <ol>
        {(queue?.reviews ?? []).map((r) => (
          <li key={r.submissionId} data-status={r.status} data-submission-id={r.submissionId}>
            <button type="button" className="va-Link" aria-current={props.current === r.submissionId ? 'true' : undefined} onClick={() => props.open(r.submissionId)}>
              {r.learner ?? r.alias}
            </button>
            <span className="va-Lesson-meta">
              {` ${trans.__('attempt %1', r.attempt)} · ${status[r.status]}${r.claimedBy ? ` (${r.claimedBy})` : ''}${r.gradedBy ? ` (${r.gradedBy})` : ''}${r.score !== null ? ` · ${Math.round(r.score * 100)} %` : ''}`}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const IMAGE = /\.(png|jpe?g|gif)$/i;

/** The files the project named: pictures shown, text shown, anything else downloadable. */
export function FilesView(props: { files: ReviewDetail['files']; trans: TranslationBundle }): React.ReactElement | null {
  const { files, trans } = props;
  if (files.length === 0) return null;
  const download = (f: ReviewDetail['files'][number]): void => {
    const bytes = f.encoding === 'base64' ? Uint8Array.from(atob(f.content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(f.content);
    const url = URL.createObjectURL(new Blob([bytes]));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.path.split('/').pop() ?? 'file';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <section className="va-Grading-files">
      <h3>{trans.__('Files')}</h3>
      <ul>
        {files.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code> <span className="va-Lesson-meta">{trans.__('%1 KB', Math.max(1, Math.round(f.bytes / 1024)))}</span>{' '}
            <button type="button" className="va-Link" onClick={() => download(f)}>
              {trans.__('download')}
            </button>
            {f.encoding === 'base64' && IMAGE.test(f.path) ? <img className="va-Grading-image" alt={f.path} src={`data:image/${/\.png$/i.test(f.path) ? 'png' : /\.gif$/i.test(f.path) ? 'gif' : 'jpeg'};base64,${f.content}`} /> : null}
            {f.encoding === 'text' ? (
              <pre className="va-Grading-text" tabIndex={0} aria-label={f.path}>
                {f.content.slice(0, 5000)}
              </pre>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
