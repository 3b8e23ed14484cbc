import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Heatmap, HeatmapState } from '@voxel-academy/protocol';

/** Row height in px: the scroll area holds every row's height but draws only the rows in view. */
const ROW = 28;
/** Rows drawn above and below the view, so a fast scroll never shows a blank band. */
const OVERSCAN = 10;
/** How long a row that just changed stays highlighted. */
const FRESH_MS = 6000;

type Learner = Heatmap['learners'][number];
type SortKey = 'user' | 'percent' | 'lastActivity' | number;

/** Passed sorts first, then in review, in progress, failed, not started. */
const RANK: Record<HeatmapState, number> = { p: 4, r: 3, i: 2, f: 1, n: 0 };

interface IHeatmapProps {
  heatmap: Heatmap | null;
  trans: TranslationBundle;
  openLearner(user: string): void;
}

/**
 * Learners × lessons, virtualised: a 2,000-learner course keeps ~40 rows in the page whatever
 * the scroll position. Sortable by any column, filterable by name and lesson state; a row that
 * changes live is highlighted for a few seconds; clicking a learner opens them.
 */
export function HeatmapView(props: IHeatmapProps): React.ReactElement {
  const { heatmap, trans } = props;
  const [query, setQuery] = React.useState('');
  const [only, setOnly] = React.useState<HeatmapState | ''>('');
  const [sort, setSort] = React.useState<{ key: SortKey; desc: boolean }>({ key: 'user', desc: false });
  const [scrollTop, setScrollTop] = React.useState(0);
  const [viewport, setViewport] = React.useState(560);
  const scroller = React.useRef<HTMLDivElement>(null);
  const frame = React.useRef<number | null>(null);
  const fresh = useFreshRows(heatmap);
  // Stable across renders, so memoised rows are not re-rendered for a new object.
  const names = React.useMemo<Record<HeatmapState, string>>(() => ({ n: trans.__('not started'), i: trans.__('in progress'), r: trans.__('in review'), p: trans.__('passed'), f: trans.__('failed') }), [trans]);

  React.useLayoutEffect(() => {
    const node = scroller.current;
    if (!node) return;
    const observer = new ResizeObserver(() => setViewport(node.clientHeight || 560));
    observer.observe(node);
    return () => observer.disconnect();
  }, [heatmap !== null]);

  const rows = React.useMemo(() => (heatmap ? sortRows(filterRows(heatmap.learners, query, only), sort) : []), [heatmap, query, only, sort]);
  if (!heatmap) return <p className="va-Instructor-loading">{trans.__('Loading the heatmap…')}</p>;

  const onScroll = (): void => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setScrollTop(scroller.current?.scrollTop ?? 0);
    });
  };
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW) + OVERSCAN);
  const header = (key: SortKey, label: string, title?: string): React.ReactElement => (
    <div role="columnheader" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'} className={typeof key === 'number' ? 'va-Heatmap-lesson' : `va-Heatmap-${key}`}>
      <button type="button" title={title ?? label} aria-label={trans.__('Sort by %1', title ?? label)} onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'user' })}>
        {label}
      </button>
    </div>
  );
  return (
    <div className="va-Heatmap">
      <div className="va-Heatmap-tools">
        <input type="search" className="jp-mod-styled" placeholder={trans.__('Filter by name')} aria-label={trans.__('Filter learners by name')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
        <select className="jp-mod-styled" aria-label={trans.__('Show learners with a lesson in this state')} value={only} onChange={(e) => setOnly(e.currentTarget.value as HeatmapState | '')}>
          <option value="">{trans.__('Any state')}</option>
          {(['f', 'r', 'i', 'n', 'p'] as HeatmapState[]).map((s) => (
            <option key={s} value={s}>
              {trans.__('With a lesson %1', names[s])}
            </option>
          ))}
        </select>
        <span className="va-Lesson-meta" role="status">
          {trans.__('%1 of %2 learners', rows.length, heatmap.learners.length)}
        </span>
      </div>
      <div className="va-Heatmap-table" role="table" aria-label={trans.__('Progress of every learner in every lesson')} aria-rowcount={rows.length + 1}>
        <div role="rowgroup">
          <div role="row" className="va-Heatmap-row va-Heatmap-head" aria-rowindex={1}>
            {header('user', trans.__('Learner'))}
            {header('percent', '%', trans.__('share of lessons passed'))}
            {heatmap.lessons.map((l, i) => (
              <React.Fragment key={l.id}>{header(i, l.project ? `P${i + 1}` : `${i + 1}`, l.title)}</React.Fragment>
            ))}
            {header('lastActivity', trans.__('Last active'))}
          </div>
        </div>
        <div className="va-Heatmap-scroll" ref={scroller} onScroll={onScroll}>
          <div role="rowgroup" className="va-Heatmap-body" style={{ height: rows.length * ROW }}>
            {rows.slice(first, last).map((r, k) => (
              <Row key={r.user} row={r} index={first + k} fresh={fresh.has(r.user)} lessons={heatmap.lessons} names={names} trans={trans} openLearner={props.openLearner} />
            ))}
          </div>
        </div>
      </div>
      <ul className="va-Legend" aria-label={trans.__('Lesson states')}>
        {(['n', 'i', 'r', 'p', 'f'] as HeatmapState[]).map((s) => (
          <li key={s}>
            <span className={`va-Legend-swatch va-Heatmap-cell va-mod-${s}`} aria-hidden="true" /> {names[s]}
          </li>
        ))}
        <li className="va-Lesson-meta">{trans.__('Numbers are best scores in %; P marks a capstone project.')}</li>
      </ul>
    </div>
  );
}

interface IRowProps {
  row: Learner;
  index: number;
  fresh: boolean;
  lessons: Heatmap['lessons'];
  names: Record<HeatmapState, string>;
  trans: TranslationBundle;
  openLearner(user: string): void;
}

/** One learner's row; memoised, so a scroll renders only the rows that come into view. */
const Row = React.memo(function Row(props: IRowProps): React.ReactElement {
  const { row: r, trans, names } = props;
  return (
    <div role="row" aria-rowindex={props.index + 2} data-user={r.user} className={`va-Heatmap-row${props.fresh ? ' va-mod-fresh' : ''}`} style={{ top: props.index * ROW, height: ROW }}>
      <div role="rowheader" className="va-Heatmap-user">
        <button type="button" className="va-Link" onClick={() => props.openLearner(r.user)}>
          {r.user}
        </button>
      </div>
      <div role="cell" className="va-Heatmap-percent">{`${Math.round(r.percent)}`}</div>
      {props.lessons.map((l, i) => {
        const state = (r.states[i] ?? 'n') as HeatmapState;
        const score = r.scores[i];
        const label = `${l.title}: ${names[state]}${score === null || score === undefined ? '' : `, ${trans.__('best %1 %', Math.round(score * 100))}`}${r.attempts[i] ? `, ${trans.__('%1 attempts', r.attempts[i])}` : ''}`;
        return (
          <div key={l.id} role="cell" className={`va-Heatmap-cell va-mod-${state}`} title={label} aria-label={label} data-state={state}>
            {score === null || score === undefined ? '' : Math.round(score * 100)}
          </div>
        );
      })}
      <div role="cell" className="va-Heatmap-last">{r.lastActivity ? new Date(r.lastActivity).toLocaleDateString() : '—'}</div>
    </div>
  );
});

function filterRows(rows: Learner[], query: string, only: HeatmapState | ''): Learner[] {
  const q = query.trim().toLowerCase();
  return rows.filter((r) => (q === '' || r.user.toLowerCase().includes(q)) && (only === '' || r.states.includes(only)));
}

function sortRows(rows: Learner[], sort: { key: SortKey; desc: boolean }): Learner[] {
  const value = (r: Learner): number | string => {
    if (sort.key === 'user') return r.user.toLowerCase();
    if (sort.key === 'percent') return r.percent;
    if (sort.key === 'lastActivity') return r.lastActivity ?? '';
    const i = sort.key;
    return RANK[(r.states[i] ?? 'n') as HeatmapState] * 10 + (r.scores[i] ?? 0);
  };
  const sign = sort.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return (x < y ? -1 : x > y ? 1 : a.user.localeCompare(b.user)) * sign;
  });
}

/** Learners whose row changed since the heatmap before (a live update), for a few seconds. */
function useFreshRows(heatmap: Heatmap | null): ReadonlySet<string> {
  const previous = React.useRef<Map<string, string> | null>(null);
  const [fresh, setFresh] = React.useState<ReadonlySet<string>>(new Set());
  React.useEffect(() => {
    if (!heatmap) return;
    const now = new Map(heatmap.learners.map((r) => [r.user, `${r.states}|${r.scores.join()}|${r.lastActivity ?? ''}`]));
    const before = previous.current;
    previous.current = now;
    if (!before) return;
    const changed = new Set([...now].filter(([user, sig]) => before.get(user) !== sig).map(([user]) => user));
    if (changed.size === 0) return;
    setFresh(changed);
    const timer = setTimeout(() => setFresh(new Set()), FRESH_MS);
    return () => clearTimeout(timer);
  }, [heatmap]);
  return fresh;
}
