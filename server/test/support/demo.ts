import { afterAll, beforeAll } from 'vitest';
import type { CertificateSummary } from '@voxel-academy/protocol';
import { startTestApp, type ITestApp } from './app.js';
import { FakeHub } from './fake-hub.js';
import { fixtureContent } from './fixture-content.js';
import type { Browser } from './http.js';
import { loginAs } from './session.js';
import { SECRET } from './test-config.js';

/** Answers that score 100 % on the demo course's quiz (and so earn the "basics" certificate). */
export const DEMO_QUIZ_PASSING = {
  modality: { type: 'choice', selected: ['ct'] },
  formats: { type: 'choice', selected: ['nifti', 'dicom'] },
  water: { type: 'number', value: 0 },
  'voxel-volume': { type: 'number', value: 8 },
  'format-name': { type: 'text', text: 'NIfTI' },
  landmark: { type: 'point', point: [10, 20, 30] },
  shift: { type: 'vector', values: [3, -2, 1.5] }
};

/** A snapshot of the demo capstone's notebook and a file, as the extension uploads it (POST api/project-uploads). */
export const DEMO_PROJECT_BUNDLE = {
  notebookPath: 'academy/demo/capstone.ipynb',
  notebook: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'markdown', id: 'intro', metadata: {}, source: 'My method' }] },
  files: [{ path: 'notes.txt', encoding: 'text', content: 'volume 0.9 mL' }]
};

/**
 * Registers hooks that run the real server on the demo course with a stand-in hub for the
 * surrounding describe block; read `.app` inside tests.
 */
export function useDemoApp(env: Record<string, string> = {}): { hub: FakeHub; readonly app: ITestApp } {
  const hub = new FakeHub(SECRET);
  let app: ITestApp | undefined;
  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(hub.apiUrl, env, fixtureContent());
  });
  afterAll(async () => {
    await app?.close();
    await hub.stop();
  });
  return {
    hub,
    get app(): ITestApp {
      if (!app) throw new Error('the demo app is not started yet (use it inside tests)');
      return app;
    }
  };
}

/** Logs `name` in, passes the demo quiz and waits for the certificate it earns; returns both. */
export async function earnDemoCertificate(base: string, hub: FakeHub, name: string): Promise<{ browser: Browser; certificate: CertificateSummary }> {
  const browser = await loginAs(base, hub, { name });
  const res = await browser.post('/services/academy/api/courses/demo/assessments/quiz/submissions', { answers: DEMO_QUIZ_PASSING });
  if (res.status !== 201) throw new Error(`passing submit answered ${res.status}: ${await res.text()}`);
  for (let i = 0; i < 200; i++) {
    const list = (await (await browser.get('/services/academy/api/certificates')).json()) as CertificateSummary[];
    if (list[0]) return { browser, certificate: list[0] };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no certificate was issued to ${name}`);
}
