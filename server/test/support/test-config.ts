import { loadConfig, type IServerConfig } from '../../src/config.js';

export const SECRET = 'service-secret-0123456789abcdef';

/** The environment the hub gives a managed service, pointing at `hubApiUrl`. */
export function hubEnv(hubApiUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    JUPYTERHUB_SERVICE_NAME: 'academy',
    JUPYTERHUB_API_TOKEN: SECRET,
    JUPYTERHUB_API_URL: hubApiUrl,
    JUPYTERHUB_BASE_URL: '/',
    JUPYTERHUB_SERVICE_PREFIX: '/services/academy/',
    JUPYTERHUB_SERVICE_URL: 'http://127.0.0.1:0',
    JUPYTERHUB_CLIENT_ID: 'service-academy',
    JUPYTERHUB_OAUTH_CALLBACK_URL: '/services/academy/oauth_callback',
    JUPYTERHUB_OAUTH_ACCESS_SCOPES: '["access:services!service=academy","access:services"]',
    ...extra
  };
}

export function testConfig(hubApiUrl: string, extra: Record<string, string> = {}): IServerConfig {
  return loadConfig(hubEnv(hubApiUrl, extra));
}
