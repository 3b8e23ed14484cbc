import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load-content.js';
import { ContentError } from '../src/content/problems.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function curriculumWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'voxel-curriculum-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'curriculum', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'curriculum', path), text);
  }
  return dir;
}

async function problemsOf(dir: string): Promise<string> {
  try {
    await loadContent(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return (err as Error).message;
  }
  throw new Error('expected the curriculum to be rejected');
}

const lesson = (id: string, extra = ''): string =>
  `          - id: ${id}\n            title: ${id}\n            estimatedMinutes: 30\n            status: upcoming\n${extra}`;
const course = (lessons: string): string => `id: demo
title: Demo
tracks:
  - id: base
    title: Base
    tier: foundation
    modules:
      - id: m1
        title: M1
        lessons:
${lessons}`;

describe('loadContent: curriculum', () => {
  it('loads the repository curriculum with all four tiers', async () => {
    const { catalog } = await loadContent(REPO_ROOT);
    const course = catalog.courses.find((c) => c.id === 'medical-image-analysis');
    expect(course).toBeDefined();
    expect(new Set(course!.tracks.map((t) => t.tier))).toEqual(new Set(['foundation', 'intermediate', 'advanced', 'specialized']));
    expect(course!.tracks[0]!.modules[0]!.lessons[0]!.id).toBe('intro-medical-imaging');
  });

  it('reports the file and the line of a YAML syntax error', async () => {
    const dir = curriculumWith({ 'demo/course.yaml': 'id: demo\ntitle: [unclosed\n' });
    expect(await problemsOf(dir)).toMatch(/demo\/course\.yaml at line \d+: not valid YAML/);
  });

  it('reports every schema problem with its path inside the file', async () => {
    const dir = curriculumWith({
      'demo/course.yaml': course(lesson('a') + '          - id: Bad Id\n            title: ""\n            estimatedMinutes: -5\n            status: soon\n')
    });
    const message = await problemsOf(dir);
    expect(message).toContain('tracks[0].modules[0].lessons[1].id');
    expect(message).toContain('tracks[0].modules[0].lessons[1].title');
    expect(message).toContain('tracks[0].modules[0].lessons[1].estimatedMinutes');
    expect(message).toContain('tracks[0].modules[0].lessons[1].status');
  });

  it('rejects duplicate ids, unknown prerequisites and a folder/id mismatch', async () => {
    const dir = curriculumWith({
      'other/course.yaml': course(lesson('a') + lesson('a') + lesson('b', '            prerequisites: [missing]\n'))
    });
    const message = await problemsOf(dir);
    expect(message).toContain('course id "demo" must match its folder name "other"');
    expect(message).toMatch(/lessons\[1\]: id "a" is already used at tracks\[0\]\.modules\[0\]\.lessons\[0\]/);
    expect(message).toMatch(/lessons\[2\]\.prerequisites\[0\]: unknown lesson "missing"/);
  });

  it('says so when a course folder has no course.yaml or the folder is empty', async () => {
    expect(await problemsOf(curriculumWith({ 'demo/readme.txt': 'x' }))).toContain('missing course.yaml for course folder "demo"');
    const empty = mkdtempSync(join(tmpdir(), 'voxel-empty-'));
    mkdirSync(join(empty, 'curriculum'));
    expect(await problemsOf(empty)).toContain('no course found');
  });
});
