import * as React from 'react';

/**
 * Small SVG charts for the instructor workspace, drawn with theme colours (classes in
 * style/instructor.css) and described in words for screen readers (role="img" + label).
 */

export interface IBar {
  label: string;
  value: number;
  /** Marks a bar (e.g. bins at or above the pass mark). */
  accent?: boolean;
}

/** Vertical bars with their counts above and labels below; an optional marker line (e.g. the pass mark). */
export function BarChart(props: { bars: IBar[]; label: string; marker?: { at: number; label: string } | undefined; height?: number }): React.ReactElement {
  const { bars } = props;
  const width = Math.max(240, bars.length * 36);
  const height = props.height ?? 140;
  const top = 16;
  const bottom = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  const plot = height - top - bottom;
  return (
    <svg className="va-Chart" viewBox={`0 0 ${width} ${height}`} width="100%" height={height} role="img" aria-label={props.label} preserveAspectRatio="xMidYMid meet">
      <title>{props.label}</title>
      {bars.map((b, i) => {
        const h = (b.value / max) * plot;
        const x = i * slot + slot * 0.15;
        return (
          <g key={`${b.label}-${i}`}>
            <rect className={b.accent ? 'va-Chart-bar va-mod-accent' : 'va-Chart-bar'} x={x} y={top + plot - h} width={slot * 0.7} height={Math.max(h, b.value > 0 ? 1 : 0)} />
            <text className="va-Chart-value" x={x + slot * 0.35} y={top + plot - h - 3} textAnchor="middle">
              {b.value}
            </text>
            <text className="va-Chart-label" x={x + slot * 0.35} y={height - 6} textAnchor="middle">
              {b.label}
            </text>
          </g>
        );
      })}
      {props.marker ? (
        <g>
          <line className="va-Chart-marker" x1={props.marker.at * width} x2={props.marker.at * width} y1={top - 6} y2={top + plot} />
          <text className="va-Chart-label" x={props.marker.at * width + 3} y={top - 4}>
            {props.marker.label}
          </text>
        </g>
      ) : null}
    </svg>
  );
}

export interface IPart {
  value: number;
  label: string;
  className: string;
}

/** One horizontal bar split into parts (shares of learners), with a legend in words. */
export function StackedBar(props: { parts: IPart[]; label: string }): React.ReactElement {
  const total = props.parts.reduce((s, p) => s + p.value, 0);
  return (
    <div className="va-Stacked" role="img" aria-label={`${props.label}: ${props.parts.map((p) => `${p.label} ${p.value}`).join(', ')}`}>
      {props.parts.map((p) =>
        p.value > 0 ? <div key={p.label} className={`va-Stacked-part ${p.className}`} style={{ flexGrow: total === 0 ? 0 : p.value }} title={`${p.label}: ${p.value}`} /> : null
      )}
      {total === 0 ? <div className="va-Stacked-empty" /> : null}
    </div>
  );
}

/** A 0–1 value as a filled bar with its number (difficulty, pass rate). */
export function Meter(props: { value: number | null; label: string }): React.ReactElement {
  const v = props.value;
  return (
    <span className="va-Meter" role="img" aria-label={`${props.label}: ${v === null ? '—' : v.toFixed(2)}`}>
      <span className="va-Meter-track">
        <span className="va-Meter-fill" style={{ width: `${Math.round((v ?? 0) * 100)}%` }} />
      </span>
      <span className="va-Meter-number">{v === null ? '—' : v.toFixed(2)}</span>
    </span>
  );
}

/** A −1…1 value as a dot on a scale with zero in the middle (item–rest correlation). */
export function Scale(props: { value: number | null; label: string }): React.ReactElement {
  const v = props.value;
  const x = v === null ? null : 4 + ((v + 1) / 2) * 92;
  return (
    <span className="va-Scale" role="img" aria-label={`${props.label}: ${v === null ? '—' : v.toFixed(2)}`}>
      <svg viewBox="0 0 100 12" width="100" height="12" aria-hidden="true">
        <line className="va-Scale-axis" x1="4" x2="96" y1="6" y2="6" />
        <line className="va-Scale-zero" x1="50" x2="50" y1="1" y2="11" />
        {x === null ? null : <circle className={v !== null && v < 0 ? 'va-Scale-dot va-mod-negative' : 'va-Scale-dot'} cx={x} cy="6" r="4" />}
      </svg>
      <span className="va-Meter-number">{v === null ? '—' : v.toFixed(2)}</span>
    </span>
  );
}
