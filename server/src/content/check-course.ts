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

/**
 * A certificate can be earned only once every assessment its rule names exists. One not
 * written yet is a notice while the lesson of that id is upcoming (assessments take their
 * lesson's id by convention); any other unknown id would make the certificate unearnable.
 */
export function checkCertificateRules(
  course: CourseSummary,
  assessments: ReadonlySet<string>,
  file: string,
  problems: IContentProblem[],
  notices: IContentProblem[]
): void {
  const upcoming = new Set([...eachLesson(course)].filter((l) => l.lesson.status === 'upcoming').map((l) => l.lesson.id));
  course.tracks.forEach((track, t) => {
    const rule = track.certificate;
    if (!rule) return;
    const named = rule.requiredAssessments.map((id, i) => ({ id, path: `tracks[${t}].certificate.requiredAssessments[${i}]` }));
    if (rule.project) named.push({ id: rule.project.assessment, path: `tracks[${t}].certificate.project.assessment` });
    for (const { id, path } of named) {
      if (assessments.has(id)) continue;
      if (upcoming.has(id)) notices.push({ file, path, message: `assessment "${id}" is not written yet: the "${track.id}" certificate cannot be earned before lesson "${id}" is available` });
      else problems.push({ file, path, message: `no assessment "${id}" in assessments/${course.id}/ (the certificate could never be earned)` });
    }
  });
}
