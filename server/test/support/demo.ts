import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type ITestApp } from './app.js';
import { FakeHub } from './fake-hub.js';
import { fixtureContent } from './fixture-content.js';
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
