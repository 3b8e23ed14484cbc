/**
 * A small Prometheus registry (text exposition format 0.0.4): counters and histograms the
 * request path updates, gauges read when scraped. Label values come only from fixed sets the
 * server chooses (route templates, methods, status classes, pool names), never from a
 * request's path or a user: a scrape must not list learners.
 */
type Labels = Record<string, string>;

/**
 * One series per label set, whatever the order its names were written in. Runs twice per
 * request: names sorted by code unit (not localeCompare, which goes through ICU) and joined
 * with NUL, which no server-chosen name or value contains.
 */
function keyOf(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${name}\u0000${labels[name]}\u0000`;
  return key;
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

interface IMetric {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  lines(): string[];
}

export class Counter implements IMetric {
  readonly type = 'counter';
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  lines(): string[] {
    return [...this.values.values()].map((e) => `${this.name}${labelText(e.labels)} ${e.value}`);
  }
}

/** Read at scrape time: what the gauge says is always current (queue depth, connections). */
export class Gauge implements IMetric {
  readonly type = 'gauge';
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => Array<{ labels?: Labels; value: number }>
  ) {}

  lines(): string[] {
    return this.read().map((s) => `${this.name}${labelText(s.labels ?? {})} ${Number.isFinite(s.value) ? s.value : 'NaN'}`);
  }
}

export class Histogram implements IMetric {
  readonly type = 'histogram';
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[]
  ) {}

  observe(labels: Labels, value: number): void {
    const key = keyOf(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    // Counts per bucket are stored cumulative-ready: one increment per bucket the value fits.
    this.buckets.forEach((le, i) => {
      if (value <= le) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count++;
  }

  lines(): string[] {
    const out: string[] = [];
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => out.push(`${this.name}_bucket${labelText(s.labels, ['le', String(le)])} ${s.counts[i]}`));
      out.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      out.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      out.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return out;
  }
}

export class MetricsRegistry {
  private readonly metrics: IMetric[] = [];

  register<M extends IMetric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.push(metric);
    return metric;
  }

  /** The exposition text; a gauge that fails to read is left out (with a comment) rather than failing the scrape. */
  render(): string {
    const out: string[] = [];
    for (const m of this.metrics) {
      let lines: string[];
      try {
        lines = m.lines();
      } catch (err) {
        out.push(`# ${m.name} unavailable: ${(err instanceof Error ? err.message : String(err)).replace(/\n/g, ' ')}`);
        continue;
      }
      out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...lines);
    }
    return out.join('\n') + '\n';
  }
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
