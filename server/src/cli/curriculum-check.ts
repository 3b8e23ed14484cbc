#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { loadContent } from '../content/load-content.js';
import { ContentError } from '../content/problems.js';
import { eachLesson } from '../content/check-course.js';

/**
 * `npm run curriculum:check [content root]`: the same validation the server runs at start,
 * without starting anything. Exit 1 with the list of problems when content is invalid.
 */
const root = process.argv[2] ?? process.env['ACADEMY_CONTENT_DIR'] ?? fileURLToPath(new URL('../../../', import.meta.url));

try {
  const content = await loadContent(root);
  for (const [id, course] of content.courses) {
    const lessons = [...eachLesson(course.summary)];
    const available = lessons.filter((l) => l.lesson.status === 'available').length;
    const items = [...course.assessments.values()].reduce((n, a) => n + a.items.length, 0);
    console.log(
      `✓ ${id}: ${course.summary.tracks.length} tracks, ${lessons.length} lessons (${available} available), ` +
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
