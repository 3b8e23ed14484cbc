import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CourseOverview } from '@voxel-academy/protocol';
import type { InstructorApi } from './api';
import { StackedBar } from './charts';
import { LeaderboardSwitch } from './leaderboard-switch';

interface IOverviewProps {
  overview: CourseOverview | null;
  trans: TranslationBundle;
  gradebookUrl: string;
  openProjects(): void;
  leaderboard?: { api: InstructorApi; courseId: string };
}

/** Course overview: headline figures, completion per track as bands of learners, the gradebook. */
export function OverviewView(props: IOverviewProps): React.ReactElement {
  const { overview: o, trans } = props;
  if (!o) return <p className="va-Instructor-loading">{trans.__('Loading the overview…')}</p>;
  const bandNames = [trans.__('0 %'), trans.__('1–25 %'), trans.__('26–50 %'), trans.__('51–75 %'), trans.__('76–99 %'), trans.__('100 %')];
  return (
    <div className="va-Overview">
      <dl className="va-Figures">
        <Figure label={trans.__('Enrolled')} value={o.enrolled} />
        <Figure label={trans.__('Active this week')} value={o.activeThisWeek} />
        <Figure label={trans.__('Submissions this week')} value={o.submissionsThisWeek} />
        <Figure label={trans.__('Certificates issued')} value={o.certificatesIssued} />
        <div className="va-Figure">
          <dt>{trans.__('Projects waiting for a grader')}</dt>
          <dd>
            {o.reviewsWaiting}{' '}
            {o.reviewsWaiting > 0 ? (
              <button type="button" className="va-Link" onClick={props.openProjects}>
                {trans.__('grade them')}
              </button>
            ) : null}
          </dd>
        </div>
      </dl>
      <h3>{trans.__('Completion per track')}</h3>
      <table className="va-Table va-Overview-tracks">
        <thead>
          <tr>
            <th scope="col">{trans.__('Track')}</th>
            <th scope="col">{trans.__('Lessons')}</th>
            <th scope="col">{trans.__('Mean completion')}</th>
            <th scope="col">{trans.__('Learners by completion')}</th>
            <th scope="col">{trans.__('Completed')}</th>
            <th scope="col">{trans.__('Certificates')}</th>
          </tr>
        </thead>
        <tbody>
          {o.tracks.map((t) => (
            <tr key={t.trackId} data-track-id={t.trackId}>
              <th scope="row">{t.title}</th>
              <td>{t.lessons}</td>
              <td>{`${t.meanPercent} %`}</td>
              <td>
                <StackedBar label={trans.__('%1: learners by completion', t.title)} parts={t.bands.map((value, i) => ({ value, label: bandNames[i] ?? '', className: `va-mod-band${i}` }))} />
              </td>
              <td>{t.completed}</td>
              <td>{t.certificates}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="va-Legend" aria-label={trans.__('Completion bands')}>
        {bandNames.map((name, i) => (
          <li key={name}>
            <span className={`va-Legend-swatch va-mod-band${i}`} aria-hidden="true" /> {name}
          </li>
        ))}
      </ul>
      <p>
        <a className="jp-Button va-Overview-gradebook" href={props.gradebookUrl} download>
          {trans.__('Download the gradebook (CSV)')}
        </a>{' '}
        <span className="va-Lesson-meta">{trans.__('Best score, pass and attempts per learner and assessment; safe to open in a spreadsheet.')}</span>
      </p>
      {props.leaderboard ? <LeaderboardSwitch api={props.leaderboard.api} courseId={props.leaderboard.courseId} trans={trans} /> : null}
      <p className="va-Lesson-meta">{trans.__('Figures as of %1; they update live as learners work.', new Date(o.generatedAt).toLocaleTimeString())}</p>
    </div>
  );
}

function Figure(props: { label: string; value: number }): React.ReactElement {
  return (
    <div className="va-Figure">
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}
