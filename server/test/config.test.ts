import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { hubEnv } from './support/test-config.js';

describe('loadConfig', () => {
  it('reads the variables JupyterHub gives a managed service', () => {
    const config = loadConfig(hubEnv('http://127.0.0.1:8081/hub/api/'));
    expect(config.hubApiUrl).toBe('http://127.0.0.1:8081/hub/api');
    expect(config.servicePrefix).toBe('/services/academy/');
    expect(config.accessScopes).toEqual(['access:services!service=academy', 'access:services']);
    expect(config.instructorGroup).toBe('instructors');
    expect(config.identityTtlMs).toBe(60_000);
  });

  it('refuses to start without hub variables and names each missing one', () => {
    let error: unknown;
    try {
      loadConfig({});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['JUPYTERHUB_API_TOKEN', 'JUPYTERHUB_API_URL', 'JUPYTERHUB_SERVICE_PREFIX', 'JUPYTERHUB_CLIENT_ID']) {
      expect(message).toContain(`${name} is not set`);
    }
  });

  it('names the variable whose value is invalid and says why', () => {
    const bad = hubEnv('not a url', { JUPYTERHUB_OAUTH_ACCESS_SCOPES: 'access:services', ACADEMY_SECURE_COOKIES: 'maybe' });
    expect(() => loadConfig(bad)).toThrowError(/JUPYTERHUB_API_URL: must be an absolute http\(s\) URL/);
    expect(() => loadConfig(bad)).toThrowError(/JUPYTERHUB_OAUTH_ACCESS_SCOPES: must be a JSON list of scope names/);
    expect(() => loadConfig(bad)).toThrowError(/ACADEMY_SECURE_COOKIES: must be true or false/);
  });
});
