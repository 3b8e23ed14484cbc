import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { Catalog, CourseSummary } from '@voxel-academy/protocol';

/** One problem in the content: which file, where inside it, and what is wrong. */
export interface IContentProblem {
  file: string;
  path: string;
  message: string;
}

export class CurriculumError extends Error {
  constructor(readonly problems: IContentProblem[]) {
    super(
      `The curriculum is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`).join('\n')
    );
    this.name = 'CurriculumError';
  }
}

const COURSE_FILE = 'course.yaml';

/**
 * Reads every `<dir>/<course>/course.yaml`, validates it and cross-checks ids and
 * prerequisites. Collects all problems before failing so authors fix them in one pass.
 */
export async function loadCatalog(dir: string): Promise<Catalog> {
  const problems: IContentProblem[] = [];
  const courses: CourseSummary[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new CurriculumError([{ file: dir, path: '', message: 'curriculum folder not found' }]);
  }
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(dir, entry.name, COURSE_FILE);
    const shown = relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      problems.push({ file: shown, path: '', message: `missing ${COURSE_FILE} for course folder "${entry.name}"` });
      continue;
    }
    const course = parseCourse(text, shown, problems);
    if (!course) continue;
    if (course.id !== entry.name) {
      problems.push({ file: shown, path: 'id', message: `course id "${course.id}" must match its folder name "${entry.name}"` });
    }
    checkCourse(course, shown, problems);
    courses.push(course);
  }
  if (courses.length === 0 && problems.length === 0) {
    problems.push({ file: dir, path: '', message: `no course found (expected <course>/${COURSE_FILE})` });
  }
  if (problems.length > 0) throw new CurriculumError(problems);
  return { courses };
}

function parseCourse(text: string, file: string, problems: IContentProblem[]): CourseSummary | undefined {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}` : '';
    problems.push({ file, path: where, message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
  const parsed = CourseSummary.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file, path: formatPath(issue.path), message: issue.message });
    }
    return undefined;
  }
  return parsed.data;
}

function checkCourse(course: CourseSummary, file: string, problems: IContentProblem[]): void {
  const seen = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const earlier = seen.get(id);
    if (earlier) problems.push({ file, path, message: `id "${id}" is already used at ${earlier}` });
    else seen.set(id, path);
  };
  course.tracks.forEach((track, t) => {
    claim(track.id, `tracks[${t}]`);
    track.modules.forEach((mod, m) => {
      claim(mod.id, `tracks[${t}].modules[${m}]`);
      mod.lessons.forEach((lesson, l) => claim(lesson.id, `tracks[${t}].modules[${m}].lessons[${l}]`));
    });
  });
  course.tracks.forEach((track, t) =>
    track.modules.forEach((mod, m) =>
      mod.lessons.forEach((lesson, l) =>
        lesson.prerequisites.forEach((pre, p) => {
          const path = `tracks[${t}].modules[${m}].lessons[${l}].prerequisites[${p}]`;
          if (pre === lesson.id) problems.push({ file, path, message: 'a lesson cannot require itself' });
          else if (!seen.has(pre)) problems.push({ file, path, message: `unknown lesson "${pre}"` });
        })
      )
    )
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
