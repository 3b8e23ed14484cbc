import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { AttentionList, AttentionReason } from '@voxel-academy/protocol';

interface IAttentionProps {
  attention: AttentionList | null;
  lessonTitles: ReadonlyMap<string, string>;
  trans: TranslationBundle;
  openLearner(user: string): void;
}

/** Learners who need help, most reasons first: each reason names the lesson and what happened. */
export function AttentionView(props: IAttentionProps): React.ReactElement {
  const { attention: a, trans } = props;
  if (!a) return <p className="va-Instructor-loading">{trans.__('Looking for learners who need help…')}</p>;
  const kinds: Record<AttentionReason['kind'], string> = {
    'attempts-exhausted': trans.__('all attempts used'),
    stuck: trans.__('stuck'),
    'many-failures': trans.__('many failed attempts')
  };
  return (
    <div className="va-Attention">
      <p className="va-Lesson-meta">
        {trans.__('Learners who used every attempt without passing, failed %1 or more attempts, or have done nothing for %2 days since working on a lesson they have not passed.', a.manyFailures, a.stuckDays)}
      </p>
      {a.learners.length === 0 ? <p>{trans.__('Nobody needs help right now.')}</p> : null}
      {a.total > a.learners.length ? <p role="status">{trans.__('The %1 most urgent of %2 learners who need help.', a.learners.length, a.total)}</p> : null}
      <ul className="va-Attention-list">
        {a.learners.map((l) => (
          <li key={l.user} data-user={l.user}>
            <button type="button" className="va-Link va-Attention-user" onClick={() => props.openLearner(l.user)}>
              {l.user}
            </button>
            <span className="va-Lesson-meta">{l.lastActivity ? trans.__(' last active %1', new Date(l.lastActivity).toLocaleString()) : ''}</span>
            <ul>
              {l.reasons.map((r) => (
                <li key={`${r.kind}-${r.lessonId}`} data-kind={r.kind}>
                  <span className={`va-Chip va-mod-${r.kind}`}>{kinds[r.kind]}</span> {props.lessonTitles.get(r.lessonId) ?? r.lessonId}: {r.detail}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
