import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { AnswerValue, LearnerSubmission, LearnerView } from '@voxel-academy/protocol';
import type { LearnerActions } from './actions';

interface ILearnerProps {
  learner: LearnerView | null;
  learnerId: string | null;
  lessonTitles: ReadonlyMap<string, string>;
  liveUpdates: number;
  actions: LearnerActions;
  trans: TranslationBundle;
  openGrading(assessmentId: string, title: string): void;
}

const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);

/** One learner, live: progress, each assessment with the actions on it, every submission, certificates. */
export function LearnerPanel(props: ILearnerProps): React.ReactElement {
  const { learner: l, trans, actions } = props;
  if (!props.learnerId) return <p>{trans.__('Choose a learner in the heatmap or in “Needs help”.')}</p>;
  if (!l) return <p className="va-Instructor-loading">{trans.__('Loading %1…', props.learnerId)}</p>;
  const overrideOf = (id: string): LearnerView['overrides'][number] | undefined => l.overrides.find((o) => o.assessmentId === id);
  return (
    <div className="va-Learner" data-user={l.user}>
      <header className="va-Learner-header">
        <h3>{l.user}</h3>
        <span className="va-Lesson-meta" role="status">
          {trans.__('Updates live as they work (%1 updates so far).', props.liveUpdates)}
        </span>
      </header>
      <ul className="va-Learner-tracks">
        {l.progress.tracks
          .filter((t) => t.total > 0)
          .map((t) => (
            <li key={t.trackId}>{`${t.trackId}: ${t.completed}/${t.total} (${t.percent} %)`}</li>
          ))}
      </ul>
      <h4>{trans.__('Assessments')}</h4>
      <table className="va-Table va-Learner-assessments">
        <thead>
          <tr>
            <th scope="col">{trans.__('Assessment')}</th>
            <th scope="col">{trans.__('Attempts used / left')}</th>
            <th scope="col">{trans.__('Best')}</th>
            <th scope="col">{trans.__('Deadline')}</th>
            <th scope="col">{trans.__('Actions')}</th>
          </tr>
        </thead>
        <tbody>
          {l.assessments.map((a) => {
            const o = overrideOf(a.assessmentId);
            return (
              <tr key={a.assessmentId} data-assessment-id={a.assessmentId}>
                <th scope="row">
                  {a.title}
                  {o && o.excusedItems.length > 0 ? <div className="va-Lesson-meta">{trans.__('excused: %1', o.excusedItems.join(', '))}</div> : null}
                </th>
                <td className="va-Learner-attempts">{`${a.attemptsUsed} / ${a.attemptsLeft ?? '∞'}`}</td>
                <td>{`${pct(a.best)}${a.passed ? ` ✓` : ''}`}</td>
                <td>{a.deadline ? new Date(a.deadline).toLocaleString() : '—'}</td>
                <td className="va-Learner-actions">
                  {a.attemptsLeft !== null ? (
                    <button type="button" className="jp-Button va-Learner-grant" onClick={() => void actions.grantAttempt(l.user, a, o)}>
                      {trans.__('+1 attempt…')}
                    </button>
                  ) : null}
                  <button type="button" className="jp-Button va-Learner-adjust" onClick={() => void actions.adjust(l.user, a, o)}>
                    {trans.__('Deadline, excuse…')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h4>{trans.__('Certificates')}</h4>
      {l.certificates.length === 0 ? <p>{trans.__('None yet.')}</p> : null}
      <ul className="va-Learner-certificates">
        {l.certificates.map((c) => (
          <li key={c.id} data-certificate-id={c.id}>
            {c.title} · {new Date(c.issuedAt).toLocaleDateString()} {c.revoked ? <strong>{trans.__('revoked: %1', c.revokedReason ?? '')}</strong> : null}{' '}
            {!c.revoked ? (
              <button type="button" className="jp-Button jp-mod-warn va-Learner-revoke" onClick={() => void actions.revoke(l.user, c)}>
                {trans.__('Revoke…')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <h4>{trans.__('Submissions (newest first)')}</h4>
      {l.submissions.length === 0 ? <p>{trans.__('No submission yet.')}</p> : null}
      {l.submissions.map((s, i) => (
        <Submission key={s.id} submission={s} open={i === 0} title={l.assessments.find((a) => a.assessmentId === s.assessmentId)?.title ?? s.assessmentId} trans={trans} openGrading={props.openGrading} />
      ))}
    </div>
  );
}

function Submission(props: { submission: LearnerSubmission; open: boolean; title: string; trans: TranslationBundle; openGrading: ILearnerProps['openGrading'] }): React.ReactElement {
  const { submission: s, trans } = props;
  const status = s.status === 'review' ? trans.__('waiting for a grader') : s.status === 'graded' ? `${pct(s.score)}${s.passed ? ` ${trans.__('passed')}` : ''}` : s.status;
  return (
    <details className="va-Submission" open={props.open} data-submission-id={s.id} data-status={s.status}>
      <summary>
        {`${props.title} · ${trans.__('attempt %1', s.attempt)} · ${status} · ${new Date(s.submittedAt).toLocaleString()}`}
        {s.late ? ` · ${trans.__('late')}` : ''}
        {` · ${s.variant === null ? trans.__('no variant') : trans.__('variant %1', s.variant)}`}
      </summary>
      <table className="va-Table">
        <thead>
          <tr>
            <th scope="col">{trans.__('Item')}</th>
            <th scope="col">{trans.__('Answer')}</th>
            <th scope="col">{trans.__('Points')}</th>
            <th scope="col">{trans.__('Feedback')}</th>
          </tr>
        </thead>
        <tbody>
          {[...new Set([...Object.keys(s.answers), ...s.items.map((i) => i.itemId)])].map((id) => {
            const graded = s.items.find((i) => i.itemId === id);
            return (
              <tr key={id}>
                <th scope="row">{id}</th>
                <td>{answerText(s.answers[id], trans)}</td>
                <td>{graded ? (graded.excused ? trans.__('excused') : `${Math.round(graded.points * 100) / 100}/${graded.maxPoints}`) : '—'}</td>
                <td>
                  {graded?.feedback ?? (s.status === 'review' ? trans.__('waiting for a grader') : '—')}
                  {s.answers[id]?.type === 'project' ? (
                    <button type="button" className="va-Link" onClick={() => props.openGrading(s.assessmentId, props.title)}>
                      {trans.__(' open in the grading queue')}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

function answerText(a: AnswerValue | undefined, trans: TranslationBundle): string {
  if (!a) return trans.__('(no answer)');
  switch (a.type) {
    case 'choice':
      return a.selected.join(', ');
    case 'number':
      return `${a.value}${a.unit ? ` ${a.unit}` : ''}`;
    case 'text':
      return a.text;
    case 'point':
      return `(${a.point.join(', ')}) mm`;
    case 'vector':
      return a.values.join(', ');
    case 'image':
      return trans.__('uploaded image %1', a.uploadId.slice(0, 8));
    case 'project':
      return trans.__('notebook snapshot; report of %1 words', a.report.trim() === '' ? 0 : a.report.trim().split(/\s+/).length);
  }
}
