import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const CLI = fileURLToPath(new URL('../dist/cli/curriculum-check.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface ICourseYaml {
  tracks: { title: string; modules: { lessons: { id: string; status: string; kind?: string }[] }[] }[];
}

/** The summary line the CLI should print, counted from the files themselves (lessons keep arriving). */
function expectedSummary(course: string): string {
  const doc = parse(readFileSync(join(REPO, 'curriculum', course, 'course.yaml'), 'utf8')) as ICourseYaml;
  const lessons = doc.tracks.flatMap((t) => t.modules.flatMap((m) => m.lessons));
  const available = lessons.filter((l) => l.status === 'available');
  const projects = available.filter((l) => l.kind === 'project').length;
  const complete = doc.tracks.filter((t) => t.modules.every((m) => m.lessons.every((l) => l.status === 'available'))).map((t) => t.title);
  const notebooks = lessons.filter((l) => existsSync(join(REPO, 'notebooks', course, `${l.id}.ipynb`))).length;
  const dir = join(REPO, 'assessments', course);
  const assessments = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.yaml'));
  const items = assessments.reduce((n, e) => n + (parse(readFileSync(join(dir, e.name), 'utf8')) as { items: unknown[] }).items.length, 0);
  return (
    `✓ ${course}: ${doc.tracks.length} tracks, ${lessons.length} lessons planned, ${available.length} available ` +
    `(${available.length - projects} complete lessons, ${projects} capstone projects); complete tracks: ${complete.join(', ') || 'none'}; ` +
    `${notebooks} notebooks, ${assessments.length} assessments with ${items} items`
  );
}

describe('npm run curriculum:check', () => {
  it('passes on the repository content and summarises each course', () => {
    const run = spawnSync(process.execPath, [CLI, REPO], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(expectedSummary('medical-image-analysis'));
    // Issue 15: Foundation, Intermediate and Advanced complete — 12 lessons and 3 capstones.
    expect(run.stdout).toMatch(/medical-image-analysis: .* \(12 complete lessons, 3 capstone projects\); complete tracks: Foundation, Intermediate, Advanced;/);
  });

  it('fails with the file, the path inside it and the problem', () => {
    const root = mkdtempSync(join(tmpdir(), 'voxel-check-'));
    mkdirSync(join(root, 'curriculum', 'c'), { recursive: true });
    mkdirSync(join(root, 'assessments', 'c'), { recursive: true });
    writeFileSync(
      join(root, 'curriculum', 'c', 'course.yaml'),
      'id: c\ntitle: C\ntracks:\n  - id: t\n    title: T\n    tier: foundation\n    modules:\n      - id: m\n        title: M\n        lessons:\n          - { id: l, title: L, estimatedMinutes: 5, status: available, assessment: a }\n'
    );
    writeFileSync(
      join(root, 'assessments', 'c', 'a.yaml'),
      'id: a\nlesson: l\ntitle: A\npassMark: 1.5\nitems:\n  - { id: q, kind: single-choice, prompt: P, options: [{ id: x, text: X }, { id: y, text: Y }], key: { correct: z } }\n'
    );
    const run = spawnSync(process.execPath, [CLI, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('a.yaml at passMark');
    expect(run.stderr).toMatch(/course\.yaml at tracks\[0\]\.modules\[0\]\.lessons\[0\]: lesson is available but .*notebooks\/c\/l\.ipynb does not exist/);
  });
});
