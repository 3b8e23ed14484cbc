import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiPath, PublicPath } from '@voxel-academy/protocol';

/**
 * community/education/ describes the course and the platform to people who will act on it:
 * the figures, rules, commands, endpoints and files it names must be the real ones.
 */
const ROOT = resolve(import.meta.dirname, '..');
const DOCS = join(ROOT, 'community', 'education');
const NOTES = join(DOCS, 'instructor-notes');
const docs = [
  ...readdirSync(DOCS)
    .filter((n) => n.endsWith('.md'))
    .map((name) => ({ name, text: readFileSync(join(DOCS, name), 'utf8') })),
  ...readdirSync(NOTES)
    .filter((n) => n.endsWith('.md'))
    .map((name) => ({ name: `instructor-notes/${name}`, text: readFileSync(join(NOTES, name), 'utf8') }))
];
const doc = (name: string): string => docs.find((d) => d.name === name)?.text ?? '';

interface ICourse {
  tracks: { id: string; title: string; tier: string; certificate?: { requiredAssessments: string[] }; modules: { lessons: { estimatedMinutes: number }[] }[] }[];
}
const course = parse(readFileSync(join(ROOT, 'curriculum', 'medical-image-analysis', 'course.yaml'), 'utf8')) as ICourse;

/** Cells of the markdown table rows whose first cell is `first`. */
function row(text: string, first: string): string[] | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`| ${first} |`) || l.startsWith(`| **${first}** |`));
  return line?.split('|').slice(1, -1).map((c) => c.trim());
}

/** Course-server paths as the docs write them: `api/…`, `verify/…`, `issuer/…`, maybe with the service prefix. */
const SERVER_PATH = /^(?:\/services\/academy\/)?(?:api\/|verify|issuer)/;

/** Every `code span` of a document. */
const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');

describe('community/education', () => {
  it('has the five guides, indexed in its README', () => {
    for (const name of ['learning-paths.md', 'certification.md', 'authoring-guide.md', 'workshop-guide.md', 'instructor-guide.md']) {
      expect(doc(name), name).not.toBe('');
      expect(doc('README.md')).toContain(`(${name})`);
    }
  });

  it('learning-paths.md gives each track its lessons, time and certificate as course.yaml does', () => {
    for (const track of course.tracks) {
      const lessons = track.modules.flatMap((m) => m.lessons);
      const minutes = lessons.reduce((n, l) => n + l.estimatedMinutes, 0);
      const hours = `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
      expect(row(doc('learning-paths.md'), track.title), track.title).toEqual([
        track.title,
        track.tier,
        String(lessons.length),
        `${minutes} min (${hours})`,
        track.certificate ? 'yes' : 'not yet'
      ]);
    }
  });

  it('certification.md lists the required assessments of every track that has a rule', () => {
    for (const track of course.tracks.filter((t) => t.certificate)) {
      const cells = row(doc('certification.md'), track.title);
      expect(cells, track.title).toBeDefined();
      expect(codeSpans(cells![1]!)).toEqual(track.certificate!.requiredAssessments);
    }
  });

  it('has instructor notes for every available lesson of every course: expected figures, misconceptions, discussion questions', () => {
    const lessons = readdirSync(join(ROOT, 'curriculum')).flatMap((courseId) => {
      const file = parse(readFileSync(join(ROOT, 'curriculum', courseId, 'course.yaml'), 'utf8')) as { tracks: { modules: { lessons: { id: string; status: string }[] }[] }[] };
      return file.tracks.flatMap((t) => t.modules.flatMap((m) => m.lessons.filter((l) => l.status === 'available').map((l) => l.id)));
    });
    expect(lessons.length).toBeGreaterThan(0);
    for (const lesson of lessons) {
      const text = doc(`instructor-notes/${lesson}.md`);
      for (const heading of ['## Expected figures', '## Common misconceptions', '## Discussion questions']) expect(text, `instructor-notes/${lesson}.md: ${heading}`).toContain(heading);
      expect(doc('instructor-notes/README.md'), `indexed: ${lesson}`).toContain(`(${lesson}.md)`);
    }
  });

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    for (const { name, text } of docs) {
      for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) expect(scripts, `${name}: npm run ${script}`).toContain(script);
    }
  });

  it('names only course-server paths that exist', () => {
    const routes = [...Object.values(ApiPath), ...Object.values(PublicPath)].map((p) => new RegExp(`^${p.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+')}$`));
    for (const { name, text } of docs) {
      const paths = codeSpans(text)
        .flatMap((span) => span.replace(/<[^>]+>/g, 'x').split(/\s+/))
        .filter((s) => SERVER_PATH.test(s))
        .map((s) => s.replace(/^\/services\/academy\//, '').replace(/[?#].*$/, ''));
      for (const path of paths) expect(routes.some((r) => r.test(path)), `${name}: ${path}`).toBe(true);
    }
  });

  // Paths under runtime folders (.data/, .cache/) start with a dot and are not checked.
  it('names only repository files that exist', () => {
    for (const { name, text } of docs) {
      const files = codeSpans(text).filter((s) => !s.includes('<') && !SERVER_PATH.test(s) && (/^\w[\w.-]*\/[\w./-]+\.(?:md|ts|mjs|yaml|yml|json|py)$/.test(s) || /^[A-Z]+\.md$/.test(s)));
      for (const file of files) {
        const here = existsSync(join(ROOT, file)) || existsSync(join(DOCS, file));
        expect(here, `${name}: ${file}`).toBe(true);
      }
    }
  });
});
