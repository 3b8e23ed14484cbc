import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, MetricsRegistry } from './registry.js';

/** A worker pool's load, as TaskPool.stats() reports it. */
export interface IPoolLoad {
  running: number;
  queued: number;
  threads: number;
}

/** A database connection pool's use (PostgreSQL); SQLite has one connection and no wait. */
export interface IDbPoolStats {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

/** What the scrape reads from the rest of the server; each is cheap or cached by its owner. */
export interface IMetricSources {
  /** Submissions waiting to be graded (all replicas) and those this replica is grading. */
  gradingQueue(): Promise<{ pending: number; inFlight: number }>;
  workerPools(): Record<string, IPoolLoad>;
  dbPool(): IDbPoolStats | null;
  liveConnections(): number;
  /** 1 when live events reach the other replicas (LISTEN up), 0 when not; null with no bus between replicas. */
  busConnected(): number | null;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']);
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The course server's metrics. Requests are labelled by the route template they matched
 * (`/api/courses/:course/learners/:user`), never by the path: a path names learners and
 * submissions, and would also let anyone grow the series without bound.
 */
export class ServerMetrics {
  readonly registry = new MetricsRegistry();
  private readonly requests = this.registry.register(new Counter('voxel_http_requests_total', 'HTTP requests answered, by method, route template and status class.'));
  private readonly latency = this.registry.register(new Histogram('voxel_http_request_duration_seconds', 'Time to answer an HTTP request, by method and route template.', SECONDS));
  /** Pending submissions the sweeper picked up: left by a crash, or by a replica whose lease lapsed. */
  readonly swept = this.registry.register(new Counter('voxel_grading_swept_total', 'Pending submissions this replica picked up from the queue (a crash, or another replica\'s lapsed lease).'));
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });
  private queue = { pending: 0, inFlight: 0 };

  constructor(private readonly sources: IMetricSources) {
    this.loopDelay.enable();
    const r = this.registry;
    r.register(new Gauge('voxel_grading_queue_depth', 'Submissions waiting for grading in the database (every replica\'s), and those this replica is grading.', () => [
      { labels: { state: 'pending' }, value: this.queue.pending },
      { labels: { state: 'in_flight_here' }, value: this.queue.inFlight }
    ]));
    r.register(new Gauge('voxel_worker_pool_tasks', 'Tasks in this replica\'s worker pools, running or queued.', () =>
      Object.entries(sources.workerPools()).flatMap(([pool, s]) => [
        { labels: { pool, state: 'running' }, value: s.running },
        { labels: { pool, state: 'queued' }, value: s.queued }
      ])
    ));
    r.register(new Gauge('voxel_worker_pool_threads', 'Worker threads started per pool.', () => Object.entries(sources.workerPools()).map(([pool, s]) => ({ labels: { pool }, value: s.threads }))));
    r.register(new Gauge('voxel_db_pool_connections', 'Database pool connections: max, open, idle, and requests waiting for one (saturation).', () => {
      const p = sources.dbPool();
      return p === null ? [] : [
        { labels: { state: 'max' }, value: p.max },
        { labels: { state: 'open' }, value: p.total },
        { labels: { state: 'idle' }, value: p.idle },
        { labels: { state: 'waiting' }, value: p.waiting }
      ];
    }));
    r.register(new Gauge('voxel_live_connections', 'Open live-event WebSockets on this replica.', () => [{ value: sources.liveConnections() }]));
    r.register(new Gauge('voxel_event_bus_connected', '1 when live events reach the other replicas (PostgreSQL LISTEN is up).', () => {
      const up = sources.busConnected();
      return up === null ? [] : [{ value: up }];
    }));
    r.register(new Gauge('voxel_event_loop_delay_p99_seconds', 'Event-loop delay, 99th percentile since the previous scrape.', () => {
      const p99 = this.loopDelay.percentile(99) / 1e9;
      this.loopDelay.reset();
      return [{ value: p99 }];
    }));
    r.register(new Gauge('voxel_process_resident_memory_bytes', 'Resident memory of this process.', () => [{ value: process.memoryUsage.rss() }]));
  }

  /** Express middleware: counts and times every request once it is answered. */
  readonly middleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      // req.route is the matched route's template; nothing matched (404s, probes) shares one label.
      const route = (req.route as { path?: unknown } | undefined)?.path;
      const labels = { method: METHODS.has(req.method) ? req.method : 'OTHER', route: typeof route === 'string' ? route : 'unmatched' };
      this.requests.inc({ ...labels, status: `${Math.floor(res.statusCode / 100)}xx` });
      this.latency.observe(labels, (performance.now() - started) / 1000);
    });
    next();
  };

  async render(): Promise<string> {
    try {
      this.queue = await this.sources.gradingQueue();
    } catch {
      this.queue = { pending: Number.NaN, inFlight: this.queue.inFlight };
    }
    return this.registry.render();
  }

  close(): void {
    this.loopDelay.disable();
  }
}
