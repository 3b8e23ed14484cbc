import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { PublicAssessment, SubmissionResult } from '@voxel-academy/protocol';
import type { AssessmentModel } from './model';
import { RubricTable } from './rubric-view';

interface IResultProps {
  model: AssessmentModel;
  trans: TranslationBundle;
  assessment: PublicAssessment | null;
  result: SubmissionResult;
  /** Opens a notebook of the learner's workspace (their project, to read the cell comments). */
  openNotebook?: (path: string) => void;
  notebookPath?: string | null;
}

/** The graded submission: score, attempts, feedback per item, and a project's rubric result. */
export function Result(props: IResultProps): React.ReactElement {
  const { result: r, trans, model } = props;
  const score = r.score === null ? '—' : `${Math.round(r.score * 1000) / 10} %`;
  const meta = [trans.__('Attempt %1', r.attempt)];
  if (r.attemptsLeft !== null) meta.push(trans.__('%1 attempts left', r.attemptsLeft));
  if (r.late) meta.push(trans.__('late'));
  if (r.variant) meta.push(trans.__('graded on your variant %1', r.variant));
  const items = props.assessment?.items ?? [];
  const prompts = new Map(items.map((i, n) => [i.id, `${n + 1}. ${i.prompt}`]));
  const heading = r.status === 'review' ? trans.__('Submitted for review') : r.passed ? trans.__('Passed: %1', score) : trans.__('Not passed yet: %1', score);
  return (
    <section className={`va-Assessment-result ${r.status === 'review' ? 'va-mod-review' : r.passed ? 'va-mod-passed' : 'va-mod-failed'}`} data-status={r.status}>
      <h3 className="va-Assessment-score">{heading}</h3>
      <p className="va-Assessment-facts">{meta.join(' · ')}</p>
      {r.status === 'review' ? <p>{trans.__('Your course team grades the project with its rubric; the result and their comments will appear here, and on your notebook.')}</p> : null}
      <ul className="va-Assessment-feedback">
        {r.items.map((item) => {
          const rubricItem = items.find((i) => i.id === item.itemId);
          return (
            <li key={item.itemId} className={item.excused ? 'va-mod-excused' : item.score >= 1 ? 'va-mod-correct' : item.score > 0 ? 'va-mod-partial' : 'va-mod-wrong'} data-item-id={item.itemId}>
              <div className="va-Assessment-prompt">{prompts.get(item.itemId) ?? item.itemId}</div>
              <strong>{item.excused ? trans.__('excused') : `${Math.round(item.points * 100) / 100}/${item.maxPoints}`}</strong>
              <span>{` — ${item.feedback}`}</span>
              {item.measurements ? (
                <div className="va-Lesson-meta">
                  {Object.entries(item.measurements)
                    .map(([k, v]) => `${k} ${Math.round(v * 1000) / 1000}`)
                    .join(' · ')}
                </div>
              ) : null}
              {item.review && rubricItem?.kind === 'project' ? (
                <div className="va-Review">
                  <RubricTable rubric={rubricItem.rubric} result={item.review} trans={trans} />
                  {item.review.comment ? <p className="va-Review-comment">{item.review.comment}</p> : null}
                  {item.review.cellComments.length > 0 ? (
                    <p>
                      {trans.__('%1 comment(s) on cells of your notebook.', item.review.cellComments.length)}{' '}
                      {props.openNotebook && props.notebookPath ? (
                        <button type="button" className="jp-Button va-Review-open" onClick={() => props.openNotebook?.(props.notebookPath ?? '')}>
                          {trans.__('Open my notebook to read them')}
                        </button>
                      ) : null}
                    </p>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {r.attemptsLeft !== 0 ? (
        <button type="button" className="jp-Button va-Assessment-again" onClick={() => model.edit()}>
          {r.status === 'review' ? trans.__('Submit a new version') : trans.__('Try again')}
        </button>
      ) : null}
    </section>
  );
}
