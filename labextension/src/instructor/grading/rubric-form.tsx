import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import { rubricMaxPoints, type ReviewGrade, type Rubric } from '@voxel-academy/protocol';
import type { GradingModel } from './model';

interface IRubricFormProps {
  rubric: Rubric;
  draft: ReviewGrade;
  focus: number;
  /** False while the project is not this grader's to grade (not claimed, or graded by a colleague). */
  editable: boolean;
  model: GradingModel;
  trans: TranslationBundle;
}

/** Points of the levels chosen so far. */
export function pointsOf(rubric: Rubric, draft: ReviewGrade): number {
  return rubric.criteria.reduce((sum, c) => sum + (c.levels.find((l) => l.id === draft.criteria[c.id]?.levelId)?.points ?? 0), 0);
}

/**
 * The rubric as a form: per criterion one level (radio buttons showing points and descriptor)
 * and a comment; a general comment; the running total. Keys 1–9 choose a level of the focused
 * criterion (see the grading panel).
 */
export function RubricForm(props: IRubricFormProps): React.ReactElement {
  const { rubric, draft, model, trans, editable } = props;
  return (
    <form className="va-RubricForm" onSubmit={(e) => e.preventDefault()} aria-label={trans.__('Rubric')}>
      {rubric.criteria.map((c, i) => {
        const chosen = draft.criteria[c.id];
        return (
          <fieldset key={c.id} className={`va-RubricForm-criterion${props.focus === i ? ' va-mod-focused' : ''}`} data-criterion-id={c.id} disabled={!editable} onFocus={() => props.focus !== i && model.focus(i)}>
            <legend>{`${i + 1}. ${c.title}`}</legend>
            {c.description ? <p className="va-Lesson-meta">{c.description}</p> : null}
            {c.levels.map((l, k) => (
              <label key={l.id} className={`va-RubricForm-level${chosen?.levelId === l.id ? ' va-mod-chosen' : ''}`}>
                <input type="radio" name={`va-rubric-${c.id}`} value={l.id} checked={chosen?.levelId === l.id} onChange={() => model.setLevel(c.id, l.id)} />
                <span className="va-RubricForm-levelTitle">{`${k + 1} · ${l.title} (${l.points})`}</span>
                <span className="va-RubricForm-descriptor">{l.descriptor}</span>
              </label>
            ))}
            <textarea
              className="jp-mod-styled va-RubricForm-comment"
              rows={2}
              aria-label={trans.__('Comment on %1', c.title)}
              placeholder={trans.__('Comment for the learner (optional)')}
              value={chosen?.comment ?? ''}
              onChange={(e) => model.setCriterionComment(c.id, e.currentTarget.value)}
            />
          </fieldset>
        );
      })}
      <label className="va-RubricForm-general">
        {trans.__('General comment')}
        <textarea className="jp-mod-styled" rows={4} disabled={!editable} value={draft.comment} onChange={(e) => model.setComment(e.currentTarget.value)} />
      </label>
      <p className="va-RubricForm-total" aria-live="polite">
        {trans.__('Total: %1 of %2 points', pointsOf(rubric, draft), rubricMaxPoints(rubric))}
      </p>
    </form>
  );
}
