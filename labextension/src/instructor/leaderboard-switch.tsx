import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Leaderboard } from '@voxel-academy/protocol';
import type { InstructorApi } from './api';

/**
 * The course's leaderboard as staff see it: members and the top places (pseudonyms only), and
 * the switch that hides it from everyone. Shown only when the course offers one.
 */
export function LeaderboardSwitch(props: { api: InstructorApi; courseId: string; trans: TranslationBundle }): React.ReactElement | null {
  const { api, courseId, trans } = props;
  const [board, setBoard] = React.useState<Leaderboard | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  React.useEffect(() => {
    let current = true;
    api.leaderboard(courseId).then(
      (b) => current && setBoard(b),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err))
    );
    return () => void (current = false);
  }, [api, courseId]);
  if (error) return <p className="va-Sidebar-error">{error}</p>;
  // A course without a leaderboard has no switch (course.yaml decides whether one is offered).
  if (!board?.offered) return null;
  const on = board.available;
  const toggle = (): void => {
    setBusy(true);
    api
      .setLeaderboard(courseId, !on)
      .then(setBoard, (err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="va-Overview-leaderboard" aria-label={trans.__('Leaderboard')}>
      <h3>{trans.__('Leaderboard')}</h3>
      <p>
        {on ? trans._n('On: %1 learner has joined under a pseudonym.', 'On: %1 learners have joined under pseudonyms.', board.members) : trans.__('Off: learners see neither places nor a way to join.')}{' '}
        <button type="button" className="jp-Button va-Overview-leaderboardSwitch" disabled={busy} onClick={toggle}>
          {on ? trans.__('Switch the leaderboard off') : trans.__('Switch it on again')}
        </button>
      </p>
      {on && board.entries.length > 0 ? (
        <ol className="va-Leaderboard-list">
          {board.entries.slice(0, 5).map((e) => (
            <li key={e.pseudonym} className="va-Leaderboard-entry">
              <span className="va-Leaderboard-rank">{e.rank}.</span>
              <span className="va-Leaderboard-pseudonym">{e.pseudonym}</span>
              <span className="va-Leaderboard-points">{trans.__('%1 pts · level %2', e.xp, e.level)}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
