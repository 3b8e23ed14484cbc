import type { Contents } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';
import { prepareLesson, resetLesson } from '../src/lessons/open-lesson';
import type { IAcademyClient } from '../src/tokens';

/** An in-memory stand-in for Jupyter's contents manager (only what the lesson code uses). */
function memoryContents(): { contents: Contents.IManager; files: Map<string, unknown> } {
  const files = new Map<string, unknown>();
  const contents = {
    get: async (path: string) => {
      if (!files.has(path)) throw new Error(`404 ${path}`);
      return { path, content: files.get(path) };
    },
    save: async (path: string, options: { type?: string; content?: unknown }) => {
      files.set(path, options.type === 'directory' ? 'DIR' : structuredClone(options.content));
      return { path };
    }
  } as unknown as Contents.IManager;
  return { contents, files };
}

function serverWith(version: string, posted: string[] = []): IAcademyClient {
  return {
    request: async (path: string, _schema: unknown, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push(path);
        return { courseId: 'demo', user: 'ada', lessons: [], tracks: [], nextLessonId: null };
      }
      return { courseId: 'demo', lessonId: 'lesson-one', version, notebook: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'markdown', source: 'Course text', metadata: {} }] } };
    }
  } as unknown as IAcademyClient;
}

const PATH = 'academy/demo/lesson-one.ipynb';

describe('opening a lesson', () => {
  it('copies the course notebook once, stamped with its version, and reports the opening', async () => {
    const { contents, files } = memoryContents();
    const posted: string[] = [];
    const opened = await prepareLesson(contents, serverWith('v1', posted), 'demo', 'lesson-one');
    expect(opened).toEqual({ path: PATH, updateAvailable: false, latestVersion: 'v1' });
    expect(files.get('academy')).toBe('DIR');
    expect((files.get(PATH) as { metadata: unknown }).metadata).toEqual({ voxel_academy: { course: 'demo', lesson: 'lesson-one', version: 'v1' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(posted).toEqual(['api/courses/demo/lessons/lesson-one/open']);
  });

  it('never overwrites the learner’s copy, and reports a newer course version', async () => {
    const { contents, files } = memoryContents();
    await prepareLesson(contents, serverWith('v1'), 'demo', 'lesson-one');
    const mine = files.get(PATH) as { cells: Array<{ source: string }> };
    mine.cells.push({ source: 'my own work' });
    const again = await prepareLesson(contents, serverWith('v2'), 'demo', 'lesson-one');
    expect(again.updateAvailable).toBe(true);
    expect((files.get(PATH) as { cells: Array<{ source: string }> }).cells.at(-1)?.source).toBe('my own work');
  });

  it('resets only after keeping a timestamped backup', async () => {
    const { contents, files } = memoryContents();
    await prepareLesson(contents, serverWith('v1'), 'demo', 'lesson-one');
    (files.get(PATH) as { cells: Array<{ source: string }> }).cells.push({ source: 'my own work' });
    const { backup } = await resetLesson(contents, serverWith('v2'), 'demo', 'lesson-one', new Date('2026-11-22T10:11:12Z'));
    expect(backup).toBe('academy/demo/lesson-one.backup-2026-11-22-101112.ipynb');
    expect(JSON.stringify(files.get(backup!))).toContain('my own work');
    expect(JSON.stringify(files.get(PATH))).not.toContain('my own work');
    expect(JSON.stringify(files.get(PATH))).toContain('"version":"v2"');
  });
});
