/**
 * Where the course service lives, worked out from JupyterLab's page config under a hub.
 * `hubPrefix` is `<base>hub/`; services are mounted at `<base>services/<name>/`.
 * Returns null when JupyterLab does not run under JupyterHub.
 */
export function serviceUrlFromHubPrefix(hubPrefix: string, serviceName: string): string | null {
  if (!hubPrefix || !serviceName) return null;
  const base = hubPrefix.replace(/hub\/?$/, '');
  const withSlash = base.endsWith('/') ? base : `${base}/`;
  return `${withSlash}services/${encodeURIComponent(serviceName)}/`;
}
