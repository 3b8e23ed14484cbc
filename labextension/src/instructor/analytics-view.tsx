import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { AssessmentAnalytics, ItemAnalysis } from '@voxel-academy/protocol';
import { BarChart, Meter, Scale, StackedBar } from './charts';
import type { InstructorModel } from './model';
import { RegradeView } from './regrade-view';

interface IAnalyticsProps {
  model: InstructorModel;
  analytics: AssessmentAnalytics | null;
  selected: string | null;
  assessments: { id: string; title: string }[];
  trans: TranslationBundle;
}

/**
 * One assessment as a whole (score histogram with the pass mark, pass rate, attempts used) and
 * item by item (difficulty, discrimination, credit, common wrong answers, warnings), with the
 * regrade below for when a key turns out wrong.
 */
export function AnalyticsView(props: IAnalyticsProps): React.ReactElement {
  const { analytics: a, trans, model } = props;
  return (
    <div className="va-Analytics">
      <label className="va-Analytics-pick">
        {trans.__('Assessment')}{' '}
        <select className="jp-mod-styled" value={props.selected ?? ''} onChange={(e) => e.currentTarget.value && model.openAnalytics(e.currentTarget.value)}>
          <option value="">{trans.__('Choose an assessment…')}</option>
          {props.assessments.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
        </select>
      </label>
      {props.selected && !a ? <p className="va-Instructor-loading">{trans.__('Loading the statistics…')}</p> : null}
      {a ? <Statistics analytics={a} trans={trans} /> : null}
      {a ? <RegradeView model={model} trans={trans} /> : null}
    </div>
  );
}

function Statistics(props: { analytics: AssessmentAnalytics; trans: TranslationBundle }): React.ReactElement {
  const { analytics: a, trans } = props;
  const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)} %`);
  const bins = a.histogram.map((value, i) => ({ label: `${i * 10}`, value, accent: (i + 1) * 0.1 > a.passMark }));
  return (
    <>
      <dl className="va-Figures">
        <div className="va-Figure"><dt>{trans.__('Learners')}</dt><dd>{a.learners}</dd></div>
        <div className="va-Figure"><dt>{trans.__('Submissions')}</dt><dd>{a.submissions}</dd></div>
        <div className="va-Figure"><dt>{trans.__('Pass rate')}</dt><dd>{pct(a.passRate)}</dd></div>
        <div className="va-Figure"><dt>{trans.__('Mean best score')}</dt><dd>{pct(a.meanBestScore)}</dd></div>
      </dl>
      <div className="va-Analytics-charts">
        <figure>
          <BarChart bars={bins} label={trans.__('Learners by best score (%): %1', a.histogram.join(', '))} marker={{ at: a.passMark, label: trans.__('pass mark %1 %', Math.round(a.passMark * 100)) }} />
          <figcaption>{trans.__('Learners by best score, in tens of percent; bars at or above the pass mark are marked.')}</figcaption>
        </figure>
        <figure>
          <BarChart bars={a.attempts.map((value, i) => ({ label: String(i + 1), value }))} label={trans.__('Learners by attempts used: %1', a.attempts.join(', '))} />
          <figcaption>{a.maxAttempts === null ? trans.__('Learners by attempts used (no limit).') : trans.__('Learners by attempts used (limit %1).', a.maxAttempts)}</figcaption>
        </figure>
      </div>
      <h3>{trans.__('Items (first attempts of %1 learners)', a.sample)}</h3>
      <table className="va-Table va-Items">
        <thead>
          <tr>
            <th scope="col">{trans.__('Item')}</th>
            <th scope="col">{trans.__('Difficulty (mean credit)')}</th>
            <th scope="col">{trans.__('Discrimination (item–rest)')}</th>
            <th scope="col">{trans.__('Credit: full / partial / none')}</th>
            <th scope="col">{trans.__('Most common wrong answers')}</th>
          </tr>
        </thead>
        <tbody>
          {a.items.map((item) => (
            <ItemRow key={item.itemId} item={item} trans={trans} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function ItemRow(props: { item: ItemAnalysis; trans: TranslationBundle }): React.ReactElement {
  const { item, trans } = props;
  const flags: Record<NonNullable<ItemAnalysis['flag']>, string> = {
    'nobody-right': trans.__('Nobody gets this right: check the key, the prompt and whether the lesson teaches it.'),
    'everybody-right': trans.__('Everybody gets this right: it tells you little; make it harder or keep it as a warm-up.'),
    'negative-discrimination': trans.__('Stronger learners do worse here than weaker ones: the key or the wording is probably wrong.'),
    'low-discrimination': trans.__('Weakly related to the rest of the assessment: ambiguous, or it tests something else.')
  };
  return (
    <tr data-item-id={item.itemId} data-flag={item.flag ?? ''}>
      <th scope="row">
        <div className="va-Items-prompt" title={item.prompt}>{item.prompt}</div>
        <div className="va-Lesson-meta">{`${item.itemId} · ${item.kind} · ${trans.__('weight %1', item.weight)} · ${trans.__('%1 answered', item.answered)}`}</div>
        {item.flag ? <p className="va-Items-flag" role="note">{flags[item.flag]}</p> : null}
      </th>
      <td><Meter value={item.difficulty} label={trans.__('Difficulty')} /></td>
      <td><Scale value={item.discrimination} label={trans.__('Discrimination')} /></td>
      <td>
        <StackedBar
          label={trans.__('Credit')}
          parts={[
            { value: item.credit.full, label: trans.__('full'), className: 'va-mod-full' },
            { value: item.credit.partial, label: trans.__('partial'), className: 'va-mod-partial' },
            { value: item.credit.none, label: trans.__('none'), className: 'va-mod-none' }
          ]}
        />
      </td>
      <td>
        {item.wrongAnswers.length === 0 ? (
          '—'
        ) : (
          <ol className="va-Items-wrong">
            {item.wrongAnswers.map((w) => (
              <li key={w.answer}>
                <code>{w.answer}</code> × {w.count}
              </li>
            ))}
          </ol>
        )}
      </td>
    </tr>
  );
}
