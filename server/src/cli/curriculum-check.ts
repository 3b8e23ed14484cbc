#!/usr/bin/env node
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../content/load-content.js';
import { ContentError } from '../content/problems.js';
import { eachLesson } from '../content/check-course.js';

/**
 * `npm run curriculum:check [content root]`: the same validation the server runs at start,
 * without starting anything. Exit 1 with the list of problems when content is invalid.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const root = process.argv[2] ?? process.env['ACADEMY_CONTENT_DIR'] ?? repoRoot;
// The server's default, so both look for reference datasets in the same place.
const datasetsDir = process.env['ACADEMY_DATASETS_DIR'] ?? join(repoRoot, '.cache', 'datasets');

try {
  const content = await loadContent(root, { datasetsDir });
  for (const n of content.notices) console.log(`note: ${n.file}${n.path ? ` at ${n.path}` : ''}: ${n.message}`);
  for (const [id, course] of content.courses) {
    const lessons = [...eachLesson(course.summary)];
    const available = lessons.filter((l) => l.lesson.status === 'available');
    const projects = available.filter((l) => l.lesson.kind === 'project').length;
    // A track is complete when none of its lessons is still upcoming.
    const complete = course.summary.tracks.filter((t) => t.modules.every((m) => m.lessons.every((l) => l.status === 'available'))).map((t) => t.title);
    const items = [...course.assessments.values()].reduce((n, a) => n + a.items.length, 0);
    console.log(
      `✓ ${id}: ${course.summary.tracks.length} tracks, ${lessons.length} lessons planned, ${available.length} available ` +
        `(${available.length - projects} complete lessons, ${projects} capstone projects); complete tracks: ${complete.join(', ') || 'none'}; ` +
        `${course.notebooks.size} notebooks, ${course.assessments.size} assessments with ${items} items`
    );
  }
  console.log('Curriculum is valid.');
} catch (err) {
  if (err instanceof ContentError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
