import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import { rubricMaxPoints, type ReviewResult, type Rubric } from '@voxel-academy/protocol';

/**
 * A rubric as a table: one row per criterion, one cell per level with its points and
 * descriptor. With a result, the awarded level is marked and the grader's comment follows.
 */
export function RubricTable(props: { rubric: Rubric; result?: ReviewResult | null; trans: TranslationBundle }): React.ReactElement {
  const { rubric, result, trans } = props;
  return (
    <table className="va-Rubric">
      <caption>{trans.__('Rubric: %1 points', rubricMaxPoints(rubric))}</caption>
      <thead>
        <tr>
          <th scope="col">{trans.__('Criterion')}</th>
          <th scope="col">{trans.__('Levels')}</th>
          {result ? <th scope="col">{trans.__('Points')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rubric.criteria.map((c) => {
          const got = result?.criteria.find((r) => r.criterionId === c.id);
          return (
            <tr key={c.id} data-criterion-id={c.id}>
              <th scope="row">
                {c.title}
                {c.description ? <div className="va-Rubric-description">{c.description}</div> : null}
              </th>
              <td>
                <ul className="va-Rubric-levels">
                  {c.levels.map((l) => (
                    <li key={l.id} className={got?.levelId === l.id ? 'va-mod-awarded' : ''} aria-current={got?.levelId === l.id ? 'true' : undefined}>
                      <strong>{`${l.title} (${l.points})`}</strong> {l.descriptor}
                    </li>
                  ))}
                </ul>
                {got?.comment ? <p className="va-Rubric-comment">{got.comment}</p> : null}
              </td>
              {result ? <td className="va-Rubric-points">{`${got?.points ?? 0}/${got?.maxPoints ?? 0}`}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
