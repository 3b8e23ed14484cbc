import type { CourseSummary } from '@voxel-academy/protocol';
import type { IContentProblem } from './problems.js';

/** Ids are unique across a course, and prerequisites name lessons that exist. */
export function checkCourse(course: CourseSummary, file: string, problems: IContentProblem[]): void {
  const seen = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const earlier = seen.get(id);
    if (earlier) problems.push({ file, path, message: `id "${id}" is already used at ${earlier}` });
    else seen.set(id, path);
  };
  const lessons = [...eachLesson(course)];
  course.tracks.forEach((track, t) => {
    claim(track.id, `tracks[${t}]`);
    track.modules.forEach((mod, m) => claim(mod.id, `tracks[${t}].modules[${m}]`));
  });
  for (const { lesson, path } of lessons) claim(lesson.id, path);
  for (const { lesson, path } of lessons) {
    lesson.prerequisites.forEach((pre, p) => {
      const at = `${path}.prerequisites[${p}]`;
      if (pre === lesson.id) problems.push({ file, path: at, message: 'a lesson cannot require itself' });
      else if (!seen.has(pre)) problems.push({ file, path: at, message: `unknown lesson "${pre}"` });
    });
  }
}

export function* eachLesson(course: CourseSummary) {
  for (const [t, track] of course.tracks.entries()) {
    for (const [m, mod] of track.modules.entries()) {
      for (const [l, lesson] of mod.lessons.entries()) {
        yield { track, module: mod, lesson, path: `tracks[${t}].modules[${m}].lessons[${l}]` };
      }
    }
  }
}
