import * as React from 'react';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import type { RegradeReport } from '@voxel-academy/protocol';
import type { InstructorModel } from './model';

/**
 * Regrading after a key change: a dry run shows how many scores and passes would change and
 * the largest changes; applying asks for confirmation, is audited, and tells learners live.
 */
export function RegradeView(props: { model: InstructorModel; trans: TranslationBundle }): React.ReactElement {
  const { model, trans } = props;
  const [busy, setBusy] = React.useState(false);
  const run = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    try {
      await model.regrade(dryRun);
    } finally {
      setBusy(false);
    }
  };
  const apply = async (report: RegradeReport): Promise<void> => {
    const answer = await showDialog({
      title: trans.__('Apply the regrade?'),
      body: trans.__(
        '%1 score(s) will change: %2 learner(s) gain a pass, %3 lose one. Learners see their new results at once. Certificates already issued are not revoked; revoke them from the learner view if they should be.',
        report.scoresChanged,
        report.passesGained,
        report.passesLost
      ),
      buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.warnButton({ label: trans.__('Apply regrade') })]
    });
    if (answer.button.accept) await run(false);
  };
  return (
    <section className="va-Regrade" aria-labelledby="va-regrade-title">
      <h3 id="va-regrade-title">{trans.__('Regrade after a key change')}</h3>
      <p className="va-Lesson-meta">
        {trans.__('Fix the key in the assessment file and restart the course server; then preview here what the new key changes before applying it to every graded submission.')}
      </p>
      <UseSignal signal={model.changed} initialArgs={model.state}>
        {(_, state) => {
          const report = state?.regrade ?? null;
          return (
            <>
              <button type="button" className="jp-Button va-Regrade-preview" disabled={busy} onClick={() => void run(true)}>
                {trans.__('Preview (dry run)')}
              </button>{' '}
              {report?.dryRun && report.scoresChanged > 0 ? (
                <button type="button" className="jp-Button jp-mod-warn va-Regrade-apply" disabled={busy} onClick={() => void apply(report)}>
                  {trans.__('Apply regrade…')}
                </button>
              ) : null}
              {report ? <Report report={report} trans={trans} /> : null}
            </>
          );
        }}
      </UseSignal>
    </section>
  );
}

function Report(props: { report: RegradeReport; trans: TranslationBundle }): React.ReactElement {
  const { report: r, trans } = props;
  const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);
  return (
    <div className="va-Regrade-report" role="status" data-dry-run={String(r.dryRun)}>
      <p>
        {r.dryRun
          ? trans.__('Dry run: of %1 graded submissions by %2 learners, %3 score(s) would change; %4 pass(es) gained, %5 lost; %6 item grade(s) kept (graded by people or images no longer stored). Took %7 ms.', r.submissions, r.learners, r.scoresChanged, r.passesGained, r.passesLost, r.itemsKept, r.ms)
          : trans.__('Applied at %1: %2 score(s) changed, %3 pass(es) gained, %4 lost. Took %5 ms.', new Date(r.appliedAt ?? '').toLocaleTimeString(), r.scoresChanged, r.passesGained, r.passesLost, r.ms)}
      </p>
      {r.changes.length > 0 ? (
        <table className="va-Table">
          <thead>
            <tr>
              <th scope="col">{trans.__('Learner')}</th>
              <th scope="col">{trans.__('Attempt')}</th>
              <th scope="col">{trans.__('Before')}</th>
              <th scope="col">{trans.__('After')}</th>
            </tr>
          </thead>
          <tbody>
            {r.changes.slice(0, 12).map((c) => (
              <tr key={c.submissionId}>
                <th scope="row">{c.user}</th>
                <td>{c.attempt}</td>
                <td>{`${pct(c.before.score)}${c.before.passed ? ` ${trans.__('(passed)')}` : ''}`}</td>
                <td>{`${pct(c.after.score)}${c.after.passed ? ` ${trans.__('(passed)')}` : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
