import { round } from './format.js';

type Numbers = ArrayLike<number | bigint>;

const W = 480;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

function finite(values: Numbers): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? [0, 1] : [lo, hi === lo ? lo + 1 : hi];
}

function frame(body: string, xLabels: [string, string], yMax: string, title: string): string {
  const x0 = PAD.left;
  const y0 = H - PAD.bottom;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${title}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    body,
    `<line x1="${x0}" y1="${y0}" x2="${W - PAD.right}" y2="${y0}" stroke="#333"/>`,
    `<line x1="${x0}" y1="${PAD.top}" x2="${x0}" y2="${y0}" stroke="#333"/>`,
    `<text x="${x0}" y="${H - 8}">${xLabels[0]}</text>`,
    `<text x="${W - PAD.right}" y="${H - 8}" text-anchor="end">${xLabels[1]}</text>`,
    `<text x="${x0 - 4}" y="${PAD.top + 8}" text-anchor="end">${yMax}</text>`,
    '</svg>'
  ].join('');
}

/** A histogram of the finite values (64 bins by default) as an SVG document. */
export function histogramSvg(values: Numbers, bins = 64): string {
  const data = finite(values);
  const [lo, hi] = extent(data);
  const counts = new Array<number>(bins).fill(0);
  for (const v of data) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  const max = Math.max(1, ...counts);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const barW = plotW / bins;
  const bars = counts
    .map((c, i) => {
      const h = (c / max) * plotH;
      return `<rect x="${(PAD.left + i * barW).toFixed(1)}" y="${(H - PAD.bottom - h).toFixed(1)}" width="${Math.max(0.5, barW - 0.5).toFixed(1)}" height="${h.toFixed(1)}" fill="#3b78c3"/>`;
    })
    .join('');
  return frame(bars, [round(lo), round(hi)], String(max), `Histogram of ${data.length} values`);
}

/** A line profile (value against index) as an SVG document. */
export function profileSvg(values: Numbers): string {
  const data = finite(values);
  const [lo, hi] = extent(data);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const points = data
    .map((v, i) => {
      const x = PAD.left + (data.length > 1 ? (i / (data.length - 1)) * plotW : 0);
      const y = H - PAD.bottom - ((v - lo) / (hi - lo)) * plotH;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  const line = `<polyline points="${points}" fill="none" stroke="#3b78c3" stroke-width="1.5"/><text x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end">${round(lo)}</text>`;
  return frame(line, ['0', String(data.length - 1)], round(hi), `Profile of ${data.length} values`);
}

/** Options of a scatter plot: axis names and horizontal reference lines (a Bland–Altman plot's bias and limits). */
export interface IScatterOptions {
  xLabel?: string;
  yLabel?: string;
  lines?: { y: number; label?: string }[];
}

/** Points (x[i], y[i]) as an SVG document, with dashed horizontal lines at `lines`. */
export function scatterSvg(x: Numbers, y: Numbers, options: IScatterOptions = {}): string {
  if (x.length !== y.length) throw new Error(`scatter: ${x.length} x values against ${y.length} y values`);
  const pairs: [number, number][] = [];
  for (let i = 0; i < x.length; i++) {
    const a = Number(x[i]);
    const b = Number(y[i]);
    if (Number.isFinite(a) && Number.isFinite(b)) pairs.push([a, b]);
  }
  const lines = options.lines ?? [];
  const [xlo, xhi] = extent(pairs.map((p) => p[0]));
  const [y0, y1] = extent([...pairs.map((p) => p[1]), ...lines.map((l) => l.y)]);
  // A margin so points and the labels of lines at the extremes stay inside the frame.
  const ylo = y0 - 0.08 * (y1 - y0);
  const yhi = y1 + 0.08 * (y1 - y0);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const px = (v: number): string => (PAD.left + ((v - xlo) / (xhi - xlo)) * plotW).toFixed(1);
  const py = (v: number): string => (H - PAD.bottom - ((v - ylo) / (yhi - ylo)) * plotH).toFixed(1);
  const dots = pairs.map(([a, b]) => `<circle cx="${px(a)}" cy="${py(b)}" r="2.5" fill="#3b78c3"/>`).join('');
  const refs = lines
    .map((l) => `<line x1="${PAD.left}" y1="${py(l.y)}" x2="${W - PAD.right}" y2="${py(l.y)}" stroke="#c33" stroke-dasharray="4 3"/><text x="${W - PAD.right - 2}" y="${Number(py(l.y)) - 3}" text-anchor="end" fill="#c33">${escapeXml(l.label ?? round(l.y))}</text>`)
    .join('');
  const names = `<text x="${PAD.left + plotW / 2}" y="${H - 8}" text-anchor="middle">${escapeXml(options.xLabel ?? 'x')}</text><text x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end">${round(ylo)}</text><text transform="translate(12 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel ?? 'y')}</text>`;
  return frame(dots + refs + names, [round(xlo), round(xhi)], round(yhi), `Scatter plot of ${pairs.length} points`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}
