import type { Server } from 'node:http';
import type { Router } from 'express';
import { join } from 'node:path';
import { buildApp } from './app.js';
import type { IServerConfig } from './config.js';
import { loadContent } from './content/load-content.js';
import type { HubClient } from './hub/hub-client.js';
import { EventHub } from './live/event-hub.js';
import { hasLesson } from './discussion/access.js';
import { attachLiveEvents } from './live/ws-server.js';
import type { ILogger } from './log.js';
import type { IServiceContext } from './services/context.js';
import { gradeSubmission } from './services/grading.js';
import { GradingQueue } from './services/grading-queue.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { openReplicaServices, replicatedStatusLists } from './scale-out.js';
import { StatusLists } from './services/status-lists.js';
import { ReplicatedEvents } from './live/replicated-events.js';
import { expireUnusedUploads } from './services/uploads.js';
import { openStore } from './store/open-store.js';
import { PooledImageWork } from './workers/image-work.js';
import { PooledCertificateWork } from './workers/certificate-work.js';
import { loadOrCreateKeys } from './certificates/keys.js';
import { VariantMaterials } from './variants/materials.js';
import { loadOrCreateVariantSecret } from './variants/secret.js';
import { PooledVariantWork } from './workers/variant-work.js';
import { loadOrCreateSecret, secureDataDir } from './data-dir.js';

export interface IRunningServer {
  server: Server;
  url: string;
  events: EventHub;
  ctx: IServiceContext;
  metrics: ServerMetrics;
  grading: GradingQueue;
  /** The routes under the service prefix, as mounted from the operations table. */
  routes: Router;
  close(): Promise<void>;
}

/**
 * Boots everything in order: content (refuse to start if invalid), database (migrations), the
 * event bus between replicas, grading workers, grading of submissions a crash left pending
 * (then the sweeper that keeps picking up work no live replica holds), then HTTP + WebSocket.
 */
export async function startServer(config: IServerConfig, log: ILogger, version: string, hub?: HubClient): Promise<IRunningServer> {
  const content = await loadContent(config.contentDir, { datasetsDir: config.datasetsDir });
  for (const n of content.notices) log.warn('content notice', { file: n.file, path: n.path, message: n.message });
  secureDataDir(config.dataDir);
  const store = await openStore(config, log);
  const images = new PooledImageWork({
    gradingThreads: config.gradingWorkers,
    maxQueue: config.workerQueue,
    taskTimeoutMs: config.taskTimeoutMs,
    maxCompressedBytes: config.maxUploadBytes,
    maxDecodedBytes: config.maxImageBytes
  });
  const { bus, rateLimits, dbPool, takeOverAtBoot } = await openReplicaServices(config, store, log);
  const hubOfSockets = new EventHub();
  const events = new ReplicatedEvents(bus, hubOfSockets);
  const keysFile = join(config.dataDir, 'keys', 'issuer-keys.json');
  const issuerId = `${config.publicUrl}${config.servicePrefix}issuer`;
  const issuer = { file: keysFile, keys: await loadOrCreateKeys(keysFile, issuerId) };
  const statusLists = replicatedStatusLists(new StatusLists(), events, issuer, () => loadOrCreateKeys(keysFile, issuerId), log);
  const certificateWork = new PooledCertificateWork({ maxQueue: config.workerQueue, taskTimeoutMs: config.taskTimeoutMs, verifyTimeoutMs: config.verifyTimeoutMs });
  const secret = loadOrCreateSecret(join(config.dataDir, 'keys', 'server-secret'));
  const variantSecret = loadOrCreateVariantSecret(join(config.dataDir, 'keys', 'variant-secret'));
  const variantWork = new PooledVariantWork({
    deriveWorkers: 1,
    notebookWorkers: config.notebookWorkers,
    maxDecodedBytes: config.maxImageBytes,
    maxQueue: config.workerQueue,
    taskTimeoutMs: config.taskTimeoutMs
  });
  const materials = new VariantMaterials({ root: join(config.dataDir, 'variants'), secret: variantSecret, work: variantWork, datasetsDir: config.datasetsDir, log, now: Date.now });
  let swept = (_n: number): void => undefined;
  const grading = new GradingQueue({
    store: store.gradingQueue,
    log,
    leaseMs: config.gradingLeaseMs,
    sweepMs: config.gradingSweepMs,
    capacity: 2 * config.gradingWorkers,
    onSwept: (n) => swept(n)
  });
  const metrics = new ServerMetrics({
    gradingQueue: async () => ({ pending: await store.gradingQueue.pendingCount(), inFlight: grading.inFlightCount }),
    workerPools: () => ({ ...images.stats(), ...certificateWork.stats(), ...variantWork.stats() }),
    dbPool,
    liveConnections: () => hubOfSockets.connections,
    busConnected: () => (bus.kind === 'postgres' ? Number(bus.connected) : null)
  });
  swept = (n) => metrics.swept.inc({}, n);
  const { app, routes, auth, sessions, ctx } = buildApp({
    config, content, log, version, store, images, events, grading, metrics, issuer, certificateWork, secret, variantSecret, materials, rateLimits, statusLists, ...(hub ? { hub } : {})
  });
  await grading.start((record) => gradeSubmission(ctx, record), { takeOver: takeOverAtBoot });
  // Unused uploads are deleted after the retention time: at boot, then every hour.
  const sweep = (): void => void expireUnusedUploads(ctx).catch((err: unknown) => log.error('upload retention failed', { error: err instanceof Error ? err.message : String(err) }));
  sweep();
  const retention = setInterval(sweep, 3600_000);
  retention.unref();

  const server: Server = app.listen(config.listenPort, config.listenHost);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Many learners behind one proxy keep connections open; do not let idle ones pile up forever.
  server.keepAliveTimeout = 65_000;
  // A socket may follow the discussion of any lesson the deployment serves (as any signed-in user
  // may read it); what it then receives is ids only, every read goes through the REST checks.
  const canWatch = (_user: string, courseId: string, lessonId: string): boolean => {
    const course = content.courses.get(courseId);
    return course !== undefined && hasLesson(course, lessonId);
  };
  const live = attachLiveEvents(server, { prefix: config.servicePrefix, auth, hub: hubOfSockets, log, maxSocketsPerUser: config.maxSocketsPerUser, heartbeatMs: config.heartbeatMs, canWatch });
  // A session ended here (logout, expiry) ends on every replica: cached copies dropped, sockets closed.
  sessions.onEnd = (sessionId) => events.sessionEnded(sessionId);
  events.onSessionEnded = (sessionId) => {
    sessions.forget(sessionId);
    live.closeSession(sessionId);
  };
  const wss = live.wss;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.listenPort;
  log.info('course server listening', {
    url: `http://${config.listenHost}:${port}${config.servicePrefix}`,
    courses: content.catalog.courses.map((c) => c.id),
    dataDir: config.dataDir
  });
  return {
    server,
    url: `http://${config.listenHost}:${port}`,
    events: hubOfSockets,
    ctx,
    metrics,
    grading,
    routes,
    async close() {
      clearInterval(retention);
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // Gradings under way finish before their workers stop (else they would be recorded as failed).
      await grading.close();
      await bus.close();
      metrics.close();
      await images.close();
      await certificateWork.close();
      await variantWork.close();
      await store.close();
    }
  };
}
