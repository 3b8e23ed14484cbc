import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root relative to this file (dist/ or src/): content folders live there. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const absoluteUrl = z.url({ message: 'must be an absolute http(s) URL' });
const prefixPath = z
  .string()
  .regex(/^\/(?:[^\s]*\/)?$/, 'must be a URL path that starts and ends with "/"');
const scopeList = z.string().transform((text, ctx) => {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') && parsed.length > 0) {
      return parsed as string[];
    }
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON list of scope names' });
  return z.NEVER;
});
const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * Every variable the server reads. The JUPYTERHUB_* ones are set by JupyterHub for a
 * hub-managed service; ACADEMY_* ones are ours and all have laptop-friendly defaults.
 */
const EnvSchema = z.object({
  /** PostgreSQL connection URL; unset (or empty): the SQLite file in the data directory. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL (unset it to use the SQLite file)')
    .optional(),
  /** Connections one course server keeps to PostgreSQL (each replica has its own pool). */
  ACADEMY_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  JUPYTERHUB_SERVICE_NAME: z.string().min(1).default('academy'),
  JUPYTERHUB_API_TOKEN: z.string().min(16, 'must be the API token the hub gave this service'),
  JUPYTERHUB_API_URL: absoluteUrl,
  JUPYTERHUB_BASE_URL: prefixPath.default('/'),
  JUPYTERHUB_SERVICE_PREFIX: prefixPath,
  JUPYTERHUB_SERVICE_URL: absoluteUrl,
  JUPYTERHUB_CLIENT_ID: z.string().min(1),
  JUPYTERHUB_OAUTH_CALLBACK_URL: z.string().min(1),
  JUPYTERHUB_OAUTH_ACCESS_SCOPES: scopeList,
  ACADEMY_CONTENT_DIR: z.string().min(1).default(REPO_ROOT),
  ACADEMY_DATA_DIR: z.string().min(1).default(`${REPO_ROOT}.data/academy`),
  ACADEMY_DATASETS_DIR: z.string().min(1).default(`${REPO_ROOT}.cache/datasets`),
  ACADEMY_MAX_UPLOAD_MB: z.coerce.number().positive().max(2048).default(64),
  ACADEMY_MAX_IMAGE_MB: z.coerce.number().positive().max(8192).default(512),
  ACADEMY_MAX_PROJECT_MB: z.coerce.number().positive().max(512).default(20),
  ACADEMY_UPLOAD_QUOTA_MB: z.coerce.number().positive().max(1_000_000).default(256),
  ACADEMY_UPLOAD_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  ACADEMY_SUBMIT_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  ACADEMY_UPLOAD_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  ACADEMY_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(120),
  ACADEMY_PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().positive().default(300),
  ACADEMY_COSTLY_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Express "trust proxy": whose X-Forwarded-For names the client (the hub's proxy). */
  ACADEMY_TRUSTED_PROXIES: z.string().min(1).default('loopback'),
  ACADEMY_GRADING_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  ACADEMY_NOTEBOOK_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  ACADEMY_WORKER_QUEUE: z.coerce.number().int().min(1).max(10_000).default(32),
  ACADEMY_TASK_SECONDS: z.coerce.number().positive().max(3600).default(60),
  ACADEMY_VERIFY_SECONDS: z.coerce.number().positive().max(600).default(10),
  ACADEMY_INSTRUCTOR_GROUP: z.string().min(1).default('instructors'),
  /** Unset: Secure cookies exactly when ACADEMY_PUBLIC_URL is https. */
  ACADEMY_SECURE_COOKIES: flag.optional(),
  ACADEMY_IDENTITY_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  ACADEMY_MAX_SOCKETS_PER_LEARNER: z.coerce.number().int().min(1).max(1000).default(8),
  ACADEMY_DISCUSSION_THREADS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  ACADEMY_DISCUSSION_POSTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(120),
  ACADEMY_DISCUSSION_REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  ACADEMY_WS_HEARTBEAT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  ACADEMY_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** The address learners and verifiers use (QR codes and credential ids point here). */
  ACADEMY_PUBLIC_URL: absoluteUrl.default('http://localhost:8000'),
  ACADEMY_ISSUER_NAME: z.string().min(1).default('Voxel Academy'),
  ACADEMY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** A replica that dies mid-grading holds its submissions this long at most; renewed while grading. */
  ACADEMY_GRADING_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  ACADEMY_GRADING_SWEEP_SECONDS: z.coerce.number().min(0.1).max(600).default(5),
  /** Bearer token a metrics scraper (Prometheus) presents at api/metrics; unset: hub admins only. */
  ACADEMY_METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional()
});

export interface IServerConfig {
  serviceName: string;
  apiToken: string;
  hubApiUrl: string;
  hubBaseUrl: string;
  servicePrefix: string;
  listenHost: string;
  listenPort: number;
  clientId: string;
  oauthCallbackUrl: string;
  accessScopes: string[];
  /** Root holding curriculum/, notebooks/ and assessments/. */
  contentDir: string;
  /** PostgreSQL URL, or null for the SQLite file under dataDir (the default). */
  databaseUrl: string | null;
  /** PostgreSQL connections this process may hold (ignored on SQLite). */
  dbPoolSize: number;
  /** SQLite file, uploads: everything the server writes. */
  dataDir: string;
  /** Teaching datasets fetched at setup: `<dir>/<course>/<file>`. */
  datasetsDir: string;
  maxUploadBytes: number;
  /** Cap on a decoded (decompressed) image, against .nii.gz bombs. */
  maxImageBytes: number;
  /** Cap on a project upload (notebook with outputs + named files, as JSON). */
  maxProjectBytes: number;
  /** Bytes of uploads a learner may keep that no submission names yet. */
  uploadQuotaBytes: number;
  /** Uploads no submission names are deleted after this long. */
  uploadRetentionMs: number;
  submitRatePerMinute: number;
  /** Per-client limits on login and public routes, per-learner limits on uploads (429 above). */
  rateLimits: { uploadsPerMinute: number; loginPerMinute: number; publicPerMinute: number; costlyPerMinute: number };
  /** Addresses whose X-Forwarded-For is believed (Express "trust proxy" syntax). */
  trustedProxies: string;
  gradingWorkers: number;
  /** Worker threads running reference notebooks on learners' variants (keys, hidden references). */
  notebookWorkers: number;
  /** Tasks that may wait per worker pool; one more is answered 503 with Retry-After. */
  workerQueue: number;
  /** Time limit of one image grading, upload check or certificate task. */
  taskTimeoutMs: number;
  /** Time limit of checking a file anyone uploads for verification. */
  verifyTimeoutMs: number;
  instructorGroup: string;
  secureCookies: boolean;
  /** How long a session's hub identity (roles, scopes) is trusted before it is re-checked. */
  identityTtlMs: number;
  sessionTtlMs: number;
  /** Live-event sockets one learner may hold at once (browser tabs). */
  maxSocketsPerUser: number;
  /** Per user and hour, in one course: new threads, posts of any kind (questions included), reports. */
  discussionLimits: { threadsPerHour: number; postsPerHour: number; reportsPerHour: number };
  /** WebSocket ping interval; a socket that misses a ping is dropped at the next one. */
  heartbeatMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Public origin without a trailing slash, e.g. https://academy.example.org */
  publicUrl: string;
  issuerName: string;
  /** Grading queue: how long a claim on a pending submission lasts, and how often each replica sweeps. */
  gradingLeaseMs: number;
  gradingSweepMs: number;
  /** The token a metrics scraper presents (Authorization: Bearer), or null: hub admins only. */
  metricsToken: string | null;
}

/** Raised when the environment cannot run the server; the message names each variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): IServerConfig {
  // An empty ACADEMY_* variable means "use the default" (compose passes `${VAR:-}` through).
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([key, value]) => !((key.startsWith('ACADEMY_') || key === 'DATABASE_URL') && value === ''))));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const missing = env[name] === undefined;
      return missing
        ? `${name} is not set (JupyterHub sets it for a hub-managed service; see README "Configuration")`
        : `${name}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const service = new URL(e.JUPYTERHUB_SERVICE_URL);
  const port = Number(service.port || (service.protocol === 'https:' ? 443 : 80));
  return {
    serviceName: e.JUPYTERHUB_SERVICE_NAME,
    apiToken: e.JUPYTERHUB_API_TOKEN,
    hubApiUrl: e.JUPYTERHUB_API_URL.replace(/\/+$/, ''),
    hubBaseUrl: e.JUPYTERHUB_BASE_URL,
    servicePrefix: e.JUPYTERHUB_SERVICE_PREFIX,
    listenHost: service.hostname.replace(/^\[(.*)\]$/, '$1'),
    listenPort: port,
    clientId: e.JUPYTERHUB_CLIENT_ID,
    oauthCallbackUrl: e.JUPYTERHUB_OAUTH_CALLBACK_URL,
    accessScopes: e.JUPYTERHUB_OAUTH_ACCESS_SCOPES,
    databaseUrl: e.DATABASE_URL ?? null,
    dbPoolSize: e.ACADEMY_DB_POOL_SIZE,
    contentDir: e.ACADEMY_CONTENT_DIR,
    dataDir: e.ACADEMY_DATA_DIR,
    datasetsDir: e.ACADEMY_DATASETS_DIR,
    maxUploadBytes: e.ACADEMY_MAX_UPLOAD_MB * 1024 * 1024,
    maxImageBytes: e.ACADEMY_MAX_IMAGE_MB * 1024 * 1024,
    maxProjectBytes: e.ACADEMY_MAX_PROJECT_MB * 1024 * 1024,
    uploadQuotaBytes: e.ACADEMY_UPLOAD_QUOTA_MB * 1024 * 1024,
    uploadRetentionMs: e.ACADEMY_UPLOAD_RETENTION_HOURS * 3600 * 1000,
    submitRatePerMinute: e.ACADEMY_SUBMIT_RATE_PER_MINUTE,
    rateLimits: {
      uploadsPerMinute: e.ACADEMY_UPLOAD_RATE_PER_MINUTE,
      loginPerMinute: e.ACADEMY_LOGIN_RATE_PER_MINUTE,
      publicPerMinute: e.ACADEMY_PUBLIC_RATE_PER_MINUTE,
      costlyPerMinute: e.ACADEMY_COSTLY_RATE_PER_MINUTE
    },
    trustedProxies: e.ACADEMY_TRUSTED_PROXIES,
    gradingWorkers: e.ACADEMY_GRADING_WORKERS,
    notebookWorkers: e.ACADEMY_NOTEBOOK_WORKERS,
    workerQueue: e.ACADEMY_WORKER_QUEUE,
    taskTimeoutMs: e.ACADEMY_TASK_SECONDS * 1000,
    verifyTimeoutMs: e.ACADEMY_VERIFY_SECONDS * 1000,
    instructorGroup: e.ACADEMY_INSTRUCTOR_GROUP,
    secureCookies: e.ACADEMY_SECURE_COOKIES ?? e.ACADEMY_PUBLIC_URL.startsWith('https:'),
    identityTtlMs: e.ACADEMY_IDENTITY_TTL_SECONDS * 1000,
    sessionTtlMs: e.ACADEMY_SESSION_HOURS * 3600 * 1000,
    maxSocketsPerUser: e.ACADEMY_MAX_SOCKETS_PER_LEARNER,
    discussionLimits: {
      threadsPerHour: e.ACADEMY_DISCUSSION_THREADS_PER_HOUR,
      postsPerHour: e.ACADEMY_DISCUSSION_POSTS_PER_HOUR,
      reportsPerHour: e.ACADEMY_DISCUSSION_REPORTS_PER_HOUR
    },
    heartbeatMs: e.ACADEMY_WS_HEARTBEAT_SECONDS * 1000,
    logLevel: e.ACADEMY_LOG_LEVEL,
    publicUrl: e.ACADEMY_PUBLIC_URL.replace(/\/+$/, ''),
    issuerName: e.ACADEMY_ISSUER_NAME,
    gradingLeaseMs: e.ACADEMY_GRADING_LEASE_SECONDS * 1000,
    gradingSweepMs: e.ACADEMY_GRADING_SWEEP_SECONDS * 1000,
    metricsToken: e.ACADEMY_METRICS_TOKEN ?? null
  };
}
