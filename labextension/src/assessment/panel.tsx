import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { PublicAssessment, SubmissionResult } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';
import { AnswerInput, describeAnswer } from './inputs';
import type { AssessmentModel, IAssessmentState } from './model';

interface IPanelProps {
  model: AssessmentModel;
  client: IAcademyClient;
  trans: TranslationBundle;
}

/**
 * The assessment panel: questions → review → submit → score with per-item feedback. A React
 * view over the model: a live result or an answer from the notebook updates what changed, and
 * the field the learner is typing in keeps its focus and text.
 */
export class AssessmentPanel extends ReactWidget {
  constructor(private readonly props: IPanelProps) {
    super();
    this.addClass('va-Assessment');
    this.node.tabIndex = -1;
  }

  protected render(): React.ReactElement {
    return (
      <UseSignal signal={this.props.model.changed} initialArgs={this.props.model.state}>
        {(_, state) => <AssessmentView {...this.props} state={state ?? this.props.model.state} />}
      </UseSignal>
    );
  }
}

function AssessmentView(props: IPanelProps & { state: IAssessmentState }): React.ReactElement {
  const { state: s, trans } = props;
  const busy = s.phase === 'submitting';
  const status = s.message ?? (s.phase === 'loading' ? trans.__('Loading the assessment…') : busy ? trans.__('Submitting…') : '');
  const isError = s.phase === 'error' || (s.message !== null && !busy);
  return (
    <>
      {s.assessment ? <Header assessment={s.assessment} trans={trans} /> : null}
      <p className={`va-Assessment-status${isError ? ' va-Assessment-error' : ''}`} aria-live="polite">
        {status}
      </p>
      {s.phase === 'editing' && s.assessment ? <Form {...props} assessment={s.assessment} /> : null}
      {(s.phase === 'reviewing' || busy) && s.assessment ? <Review {...props} assessment={s.assessment} busy={busy} /> : null}
      {s.phase === 'graded' && s.result ? <Result {...props} result={s.result} /> : null}
    </>
  );
}

function Header(props: { assessment: PublicAssessment; trans: TranslationBundle }): React.ReactElement {
  const { assessment: a, trans } = props;
  const facts = [trans.__('Pass mark %1 %', Math.round(a.passMark * 100))];
  if (a.maxAttempts !== null) facts.push(trans.__('%1 attempts', a.maxAttempts));
  if (a.deadline) facts.push(trans.__('Deadline %1', new Date(a.deadline).toLocaleString()));
  return (
    <header className="va-Assessment-header">
      <h2>{a.title}</h2>
      <p className="va-Assessment-facts">{facts.join(' · ')}</p>
    </header>
  );
}

function Form(props: IPanelProps & { state: IAssessmentState; assessment: PublicAssessment }): React.ReactElement {
  const { state: s, trans, model } = props;
  return (
    <form className="va-Assessment-items" onSubmit={(e) => e.preventDefault()}>
      {props.assessment.items.map((item, i) => (
        <section key={item.id} className="va-Assessment-item" data-item-id={item.id} aria-labelledby={`va-prompt-${item.id}`}>
          <div className="va-Assessment-prompt" id={`va-prompt-${item.id}`}>{`${i + 1}. ${item.prompt}`}</div>
          {s.fromNotebook.includes(item.id) ? <div className="va-Assessment-fromNotebook">{trans.__('Recorded by your notebook (course.answer); you can still change it.')}</div> : null}
          <AnswerInput item={item} client={props.client} trans={trans} current={s.answers[item.id]} set={(v) => model.setAnswer(item.id, v)} />
        </section>
      ))}
      <button type="button" className="jp-Button va-Assessment-review" onClick={() => model.review()}>
        {trans.__('Review answers')}
      </button>
    </form>
  );
}

function Review(props: IPanelProps & { state: IAssessmentState; assessment: PublicAssessment; busy: boolean }): React.ReactElement {
  const { state: s, trans, model, assessment } = props;
  const missing = assessment.items.filter((i) => !s.answers[i.id]).length;
  return (
    <section className="va-Assessment-reviewList">
      <ol>
        {assessment.items.map((item) => (
          <li key={item.id}>{`${item.prompt} — ${describeAnswer(s.answers[item.id], item, trans)}`}</li>
        ))}
      </ol>
      {missing > 0 ? <p className="va-Assessment-warning">{trans.__('%1 question(s) have no answer and will score 0.', missing)}</p> : null}
      <button type="button" className="jp-Button va-Assessment-back" disabled={props.busy} onClick={() => model.edit()}>
        {trans.__('Back to answers')}
      </button>
      <button type="button" className="jp-Button va-Assessment-submit jp-mod-accept" disabled={props.busy} onClick={() => void model.submit()}>
        {trans.__('Submit')}
      </button>
    </section>
  );
}

function Result(props: IPanelProps & { state: IAssessmentState; result: SubmissionResult }): React.ReactElement {
  const { result: r, trans, model, state } = props;
  const score = r.score === null ? '—' : `${Math.round(r.score * 1000) / 10} %`;
  const meta = [trans.__('Attempt %1', r.attempt)];
  if (r.attemptsLeft !== null) meta.push(trans.__('%1 attempts left', r.attemptsLeft));
  if (r.late) meta.push(trans.__('late'));
  const prompts = new Map((state.assessment?.items ?? []).map((i, n) => [i.id, `${n + 1}. ${i.prompt}`]));
  return (
    <section className={`va-Assessment-result ${r.passed ? 'va-mod-passed' : 'va-mod-failed'}`} data-status={r.status}>
      <h3 className="va-Assessment-score">{r.passed ? trans.__('Passed: %1', score) : trans.__('Not passed yet: %1', score)}</h3>
      <p className="va-Assessment-facts">{meta.join(' · ')}</p>
      <ul className="va-Assessment-feedback">
        {r.items.map((item) => (
          <li key={item.itemId} className={item.score >= 1 ? 'va-mod-correct' : item.score > 0 ? 'va-mod-partial' : 'va-mod-wrong'} data-item-id={item.itemId}>
            <div className="va-Assessment-prompt">{prompts.get(item.itemId) ?? item.itemId}</div>
            <strong>{`${Math.round(item.points * 100) / 100}/${item.maxPoints}`}</strong>
            <span>{` — ${item.feedback}`}</span>
            {item.measurements ? (
              <div className="va-Lesson-meta">
                {Object.entries(item.measurements)
                  .map(([k, v]) => `${k} ${Math.round(v * 1000) / 1000}`)
                  .join(' · ')}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {r.attemptsLeft !== 0 ? (
        <button type="button" className="jp-Button va-Assessment-again" onClick={() => model.edit()}>
          {trans.__('Try again')}
        </button>
      ) : null}
    </section>
  );
}
