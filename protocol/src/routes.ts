/**
 * Paths under the service prefix (e.g. `/services/academy/`). The server mounts them and the
 * extension calls them; keeping them here means neither side can drift.
 */
export const ApiPath = {
  health: 'api/health',
  me: 'api/me',
  catalog: 'api/catalog'
} as const;

/** Browser (non-API) routes of the hub OAuth flow; these redirect instead of answering 401. */
export const AuthPath = {
  login: 'oauth_login',
  callback: 'oauth_callback',
  logout: 'logout'
} as const;

/** The hub service name used when nothing else is configured. */
export const DEFAULT_SERVICE_NAME = 'academy';
