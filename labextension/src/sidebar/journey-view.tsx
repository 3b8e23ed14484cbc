import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { LearningJourney } from '@voxel-academy/protocol';
import { LeaderboardPanel, type ILeaderboardActions } from './leaderboard-view';

/**
 * The learner's path in one course: level and points with a bar to the next level, the streak
 * of days with activity, and the course's milestones (reached ones first, with their date).
 */
export function Journey(props: { journey: LearningJourney; trans: TranslationBundle; leaderboard?: ILeaderboardActions | undefined }): React.ReactElement | null {
  const { journey: j, trans } = props;
  if (!j.enabled) return null;
  const span = j.nextLevelAt === null ? 0 : j.nextLevelAt - j.levelStartsAt;
  const percent = span === 0 ? 100 : Math.round((100 * (j.xp - j.levelStartsAt)) / span);
  const reached = j.milestones.filter((m) => m.achievedAt !== null).sort((a, b) => (a.achievedAt ?? '').localeCompare(b.achievedAt ?? ''));
  const ahead = j.milestones.filter((m) => m.achievedAt === null);
  const pointsTitle = trans.__('%1 from items, %2 from lessons, %3 from projects', j.xpFrom.items, j.xpFrom.lessons, j.xpFrom.projects);
  return (
    <div className="va-Journey" data-journey-course={j.courseId}>
      <div className="va-Journey-level">
        <span className="va-Journey-levelName">{trans.__('Level %1', j.level)}</span>
        <span className="va-Journey-points" title={pointsTitle}>
          {j.nextLevelAt === null ? trans.__('%1 points (top level)', j.xp) : trans.__('%1 / %2 points', j.xp, j.nextLevelAt)}
        </span>
      </div>
      <div
        className="va-Journey-bar"
        role="progressbar"
        aria-label={trans.__('Points towards level %1', j.level + 1)}
        aria-valuemin={j.levelStartsAt}
        aria-valuemax={j.nextLevelAt ?? j.xp}
        aria-valuenow={j.xp}
      >
        <div className="va-Journey-barFill" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
      </div>
      <div className="va-Journey-streak" title={trans.__('Days in a row with learning activity, in your time zone (%1)', j.streak.timeZone)}>
        {j.streak.current === 0
          ? trans.__('No streak yet: open a lesson or submit work today.')
          : j.streak.activeToday
            ? trans._n('%1-day streak', '%1-day streak', j.streak.current)
            : trans._n('%1-day streak: keep it going today', '%1-day streak: keep it going today', j.streak.current)}
        {j.streak.longest > j.streak.current ? ` · ${trans.__('longest %1', j.streak.longest)}` : ''}
      </div>
      {j.milestones.length > 0 ? (
        <details className="va-Journey-milestones">
          <summary>{trans.__('Milestones: %1 of %2', reached.length, j.milestones.length)}</summary>
          <ul>
            {[...reached, ...ahead].map((m) => (
              <li key={m.id} className={m.achievedAt ? 'va-Milestone va-mod-reached' : 'va-Milestone'} data-milestone-id={m.id} title={m.description || undefined}>
                <span className="va-Milestone-mark" aria-hidden="true">
                  {m.achievedAt ? '✓' : '○'}
                </span>
                <span className="va-Milestone-title">{m.title}</span>
                {m.achievedAt ? <span className="va-Milestone-date">{new Date(m.achievedAt).toLocaleDateString()}</span> : <span className="va-Milestone-date">{trans.__('not yet')}</span>}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {j.leaderboard && props.leaderboard ? <LeaderboardPanel courseId={j.courseId} trans={trans} actions={props.leaderboard} /> : null}
    </div>
  );
}
