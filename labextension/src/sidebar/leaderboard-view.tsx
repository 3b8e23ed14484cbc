import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Leaderboard } from '@voxel-academy/protocol';

/** What the leaderboard asks the application for (the plugin wires them to the course server). */
export interface ILeaderboardActions {
  leaderboard(courseId: string): Promise<Leaderboard>;
  joinLeaderboard(courseId: string, pseudonym: string | null): Promise<Leaderboard>;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * A course's opt-in leaderboard, folded until the learner opens it. Nothing is shown of others
 * until the learner joins under a pseudonym; leaving removes them at once.
 */
export function LeaderboardPanel(props: { courseId: string; trans: TranslationBundle; actions: ILeaderboardActions }): React.ReactElement {
  const { courseId, trans, actions } = props;
  const [board, setBoard] = React.useState<Leaderboard | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [name, setName] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const run = (work: Promise<Leaderboard>): void => {
    setBusy(true);
    setError(null);
    work.then(setBoard, (err: unknown) => setError(messageOf(err))).finally(() => setBusy(false));
  };
  const onToggle = (e: React.SyntheticEvent<HTMLDetailsElement>): void => {
    if (e.currentTarget.open) run(actions.leaderboard(courseId));
  };
  const join = (e: React.FormEvent): void => {
    e.preventDefault();
    run(actions.joinLeaderboard(courseId, name.trim()));
  };
  return (
    <details className="va-Leaderboard" data-leaderboard-course={courseId} onToggle={onToggle}>
      <summary>{trans.__('Leaderboard')}</summary>
      {board === null && !error ? <p className="va-Sidebar-status">{trans.__('Loading…')}</p> : null}
      {board && !board.available ? <p className="va-Sidebar-status">{board.reason}</p> : null}
      {board?.available && board.pseudonym === null ? (
        <form className="va-Leaderboard-join" onSubmit={join}>
          <p className="va-Sidebar-status">
            {trans._n('%1 learner has joined.', '%1 learners have joined.', board.members)}{' '}
            {trans.__('Join under a pseudonym to see the places: others see only it, your points and your level — never your name.')}
          </p>
          <input className="va-Leaderboard-name" aria-label={trans.__('Pseudonym')} placeholder={trans.__('Pseudonym')} value={name} maxLength={24} minLength={3} required onChange={(e) => setName(e.currentTarget.value)} />
          <button type="submit" className="jp-Button va-Leaderboard-joinButton" disabled={busy}>
            {trans.__('Join')}
          </button>
        </form>
      ) : null}
      {board?.available && board.entries.length > 0 ? (
        <ol className="va-Leaderboard-list" aria-label={trans.__('Places')}>
          {board.entries.map((e) => (
            <li key={e.pseudonym} className={e.you ? 'va-Leaderboard-entry va-mod-you' : 'va-Leaderboard-entry'}>
              <span className="va-Leaderboard-rank">{e.rank}.</span>
              <span className="va-Leaderboard-pseudonym">{e.you ? trans.__('%1 (you)', e.pseudonym) : e.pseudonym}</span>
              <span className="va-Leaderboard-points">{trans.__('%1 pts · level %2', e.xp, e.level)}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {board?.pseudonym ? (
        <button type="button" className="jp-Button va-Leaderboard-leave" disabled={busy} onClick={() => run(actions.joinLeaderboard(courseId, null))}>
          {trans.__('Leave the leaderboard')}
        </button>
      ) : null}
      {error ? (
        <p className="va-Sidebar-error" role="alert">
          {error}
        </p>
      ) : null}
    </details>
  );
}
