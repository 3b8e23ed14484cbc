import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { PublicAssessment } from '@voxel-academy/protocol';
import { lessonPath } from '../lessons/open-lesson';
import type { IAcademyClient } from '../tokens';
import { AnswerInput, describeAnswer } from './inputs';
import type { AssessmentModel, IAssessmentState } from './model';
import type { IProjectSource } from './project-source';
import { Result } from './result-view';

interface IPanelProps {
  model: AssessmentModel;
  client: IAcademyClient;
  trans: TranslationBundle;
  /** Reads and uploads a project notebook (projects only). */
  project?: IProjectSource;
  openNotebook?: (path: string) => void;
  /** Opens the discussion of one item beside the assessment ("Ask about this item"). */
  askAbout?: (assessment: PublicAssessment, itemId: string, itemLabel: string) => void;
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
      {s.notice ? (
        <p className="va-Assessment-notice" role="status">
          {s.notice}
        </p>
      ) : null}
      {s.phase === 'editing' && s.assessment ? <Form {...props} assessment={s.assessment} /> : null}
      {(s.phase === 'reviewing' || busy) && s.assessment ? <Review {...props} assessment={s.assessment} busy={busy} /> : null}
      {s.phase === 'graded' && s.result ? (
        <Result
          model={props.model}
          trans={trans}
          assessment={s.assessment}
          result={s.result}
          {...(props.openNotebook ? { openNotebook: props.openNotebook } : {})}
          notebookPath={s.assessment ? lessonPath(s.assessment.courseId, s.assessment.lessonId) : null}
        />
      ) : null}
    </>
  );
}

function Header(props: { assessment: PublicAssessment; trans: TranslationBundle }): React.ReactElement {
  const { assessment: a, trans } = props;
  const facts = [trans.__('Pass mark %1 %', Math.round(a.passMark * 100))];
  if (a.maxAttempts !== null) facts.push(trans.__('%1 attempts', a.maxAttempts));
  if (a.deadline) facts.push(trans.__('Deadline %1', new Date(a.deadline).toLocaleString()));
  if (a.variant) facts.push(trans.__('Your variant %1', a.variant.tag));
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

          {s.uploading.includes(item.id) ? <div className="va-Assessment-uploading" role="status">{trans.__('Uploading the image your notebook recorded…')}</div> : null}
          {s.fromNotebook.includes(item.id) ? <div className="va-Assessment-fromNotebook">{trans.__('Recorded by your notebook (course.answer); you can still change it.')}</div> : null}
          <AnswerInput
            item={item}
            client={props.client}
            trans={trans}
            current={s.answers[item.id]}
            set={(v) => model.setAnswer(item.id, v)}
            project={props.project ? { source: props.project, courseId: props.assessment.courseId, lessonId: props.assessment.lessonId, assessmentId: props.assessment.id } : undefined}
          />
          {props.askAbout ? (
            <div className="va-Assessment-askRow">
              <button type="button" className="va-Link va-Assessment-ask" aria-label={trans.__('Ask about question %1', i + 1)} onClick={() => props.askAbout?.(props.assessment, item.id, trans.__('Question %1', i + 1))}>
                {trans.__('Ask about this item')}
              </button>
            </div>
          ) : null}
        </section>
      ))}
      <button
        type="button"
        className="jp-Button va-Assessment-review"
        disabled={s.uploading.length > 0}
        title={s.uploading.length > 0 ? trans.__('Waiting for the image your notebook recorded to finish uploading') : ''}
        onClick={() => model.review()}
      >
        {s.uploading.length > 0 ? trans.__('Uploading images from your notebook…') : trans.__('Review answers')}
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
      <button type="button" className="jp-Button va-Assessment-submit jp-mod-accept" disabled={props.busy || s.uploading.length > 0} onClick={() => void model.submit()}>
        {trans.__('Submit')}
      </button>
    </section>
  );
}
