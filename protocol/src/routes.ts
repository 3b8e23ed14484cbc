/**
 * Paths under the service prefix (e.g. `/services/academy/`). The server mounts them and the
 * extension calls them; keeping them here means neither side can drift.
 */
export const ApiPath = {
  health: 'api/health',
  me: 'api/me',
  catalog: 'api/catalog',
  assessment: 'api/courses/:course/assessments/:assessment',
  submit: 'api/courses/:course/assessments/:assessment/submissions',
  submissions: 'api/submissions',
  submission: 'api/submissions/:id',
  uploads: 'api/uploads',
  lessonOpened: 'api/courses/:course/lessons/:lesson/open',
  lessonNotebook: 'api/courses/:course/lessons/:lesson/notebook',
  progress: 'api/courses/:course/progress',
  journey: 'api/courses/:course/journey',
  leaderboard: 'api/courses/:course/leaderboard',
  leaderboardEntry: 'api/courses/:course/leaderboard/me',
  leaderboardSettings: 'api/courses/:course/leaderboard/settings',
  discussions: 'api/courses/:course/discussions',
  discussionCreate: 'api/courses/:course/discussions',
  discussionCounts: 'api/courses/:course/discussions/counts',
  discussionThread: 'api/discussions/:thread',
  discussionThreadState: 'api/discussions/:thread/state',
  discussionPosts: 'api/discussions/:thread/posts',
  discussionPost: 'api/discussion-posts/:post',
  discussionPostDelete: 'api/discussion-posts/:post',
  discussionVote: 'api/discussion-posts/:post/vote',
  discussionEndorsement: 'api/discussion-posts/:post/endorsement',
  discussionHidden: 'api/discussion-posts/:post/hidden',
  discussionReports: 'api/discussion-posts/:post/reports',
  discussionReportResolution: 'api/discussion-reports/:report/resolution',
  moderation: 'api/courses/:course/moderation',
  itemDiscussion: 'api/courses/:course/assessments/:assessment/items/:item/discussion',
  dataset: 'api/courses/:course/datasets/:dataset',
  lessonVariant: 'api/courses/:course/lessons/:lesson/variant',
  variants: 'api/courses/:course/assessments/:assessment/variants',
  roster: 'api/courses/:course/roster',
  stats: 'api/courses/:course/assessments/:assessment/stats',
  gradebook: 'api/courses/:course/gradebook.csv',
  override: 'api/courses/:course/assessments/:assessment/overrides/:user',
  overview: 'api/courses/:course/overview',
  heatmap: 'api/courses/:course/heatmap',
  attention: 'api/courses/:course/attention',
  learner: 'api/courses/:course/learners/:user',
  analytics: 'api/courses/:course/assessments/:assessment/analytics',
  regrade: 'api/courses/:course/assessments/:assessment/regrade',
  projectUploads: 'api/project-uploads',
  reviews: 'api/courses/:course/assessments/:assessment/reviews',
  reviewNext: 'api/courses/:course/assessments/:assessment/reviews/next',
  review: 'api/reviews/:id',
  reviewClaim: 'api/reviews/:id/claim',
  reviewGrade: 'api/reviews/:id/grade',
  events: 'api/events',
  certificates: 'api/certificates',
  badges: 'api/badges',
  certificatePdf: 'api/certificates/:id/certificate.pdf',
  certificateCredential: 'api/certificates/:id/credential.json',
  certificateStatus: 'api/certificates/:id/status',
  revoke: 'api/certificates/:id/revoke',
  verifyById: 'api/verify/:id',
  verifyUpload: 'api/verify',
  rotateKeys: 'api/admin/keys/rotate',
  metrics: 'api/metrics',
  openapi: 'api/openapi.json',
  docs: 'api/docs'
} as const;

/**
 * State-changing requests must carry this header: a cross-origin page cannot add it without
 * a CORS preflight we never grant (see the server's CSRF check for the Origin half).
 */
export const CSRF_HEADER = 'x-voxel-academy';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Browser (non-API) routes of the hub OAuth flow; these redirect instead of answering 401. */
export const AuthPath = {
  login: 'oauth_login',
  callback: 'oauth_callback',
  logout: 'logout'
} as const;

/** Public pages (no login): the issuer profile and the certificate verification page. */
export const PublicPath = {
  issuer: 'issuer',
  jwks: 'issuer/jwks.json',
  verifyPage: 'verify',
  verifyPageFor: 'verify/:id',
  verifyScript: 'verify.js',
  /** The issuer's signed Bitstring Status List n (W3C VC 2.0): revocation anyone can check. */
  statusList: 'status/:list'
} as const;

/** The hub service name used when nothing else is configured. */
export const DEFAULT_SERVICE_NAME = 'academy';
