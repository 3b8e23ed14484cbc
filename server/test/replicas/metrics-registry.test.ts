import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, MetricsRegistry } from '../../src/metrics/registry.js';

describe('Prometheus text exposition', () => {
  it('renders counters, gauges and cumulative histogram buckets with escaped labels', () => {
    const r = new MetricsRegistry();
    const c = r.register(new Counter('t_requests_total', 'Requests.'));
    c.inc({ route: '/a', method: 'GET' });
    c.inc({ method: 'GET', route: '/a' }, 2);
    c.inc({ route: 'quote"back\\slash\nline' });
    r.register(new Gauge('t_depth', 'Depth.', () => [{ value: 3 }, { labels: { state: 'x' }, value: Number.NaN }]));
    const h = r.register(new Histogram('t_seconds', 'Latency.', [0.1, 1]));
    h.observe({ route: '/a' }, 0.05);
    h.observe({ route: '/a' }, 0.5);
    h.observe({ route: '/a' }, 7);
    const text = r.render();
    expect(text).toContain('# TYPE t_requests_total counter');
    expect(text).toContain('t_requests_total{route="/a",method="GET"} 3');
    expect(text).toContain('t_requests_total{route="quote\\"back\\\\slash\\nline"} 1');
    expect(text).toContain('t_depth 3\n');
    expect(text).toContain('t_depth{state="x"} NaN');
    expect(text).toContain('t_seconds_bucket{route="/a",le="0.1"} 1');
    expect(text).toContain('t_seconds_bucket{route="/a",le="1"} 2');
    expect(text).toContain('t_seconds_bucket{route="/a",le="+Inf"} 3');
    expect(text).toContain('t_seconds_count{route="/a"} 3');
    expect(text).toContain('t_seconds_sum{route="/a"} 7.55');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('leaves out a gauge that cannot be read instead of failing the scrape, and refuses duplicate names', () => {
    const r = new MetricsRegistry();
    r.register(new Gauge('t_broken', 'Broken.', () => {
      throw new Error('pool gone');
    }));
    r.register(new Gauge('t_ok', 'Fine.', () => [{ value: 1 }]));
    expect(r.render()).toContain('# t_broken unavailable: pool gone');
    expect(r.render()).toContain('t_ok 1');
    expect(() => r.register(new Gauge('t_ok', 'Again.', () => []))).toThrow(/twice/);
  });
});
