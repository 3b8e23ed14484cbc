import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Catalog, CourseSummary, GamificationRules } from '@voxel-academy/protocol';
import { ContentAssessment } from '../assessments/content-schema.js';
import { checkAssessment } from './check-assessment.js';
import { loadDatasets, type DatasetEntry } from './datasets.js';
import type { IReferenceRoots } from './references.js';
import { checkCertificateRules, checkCourse, eachLesson } from './check-course.js';
import { checkGamification, CourseFile, DEFAULT_GAMIFICATION } from './gamification.js';
import { ContentError, parseYamlAs, type IContentProblem } from './problems.js';

export interface ILoadedAssessment extends ContentAssessment {
  courseId: string;
  /** Folder the assessment file lives in; reference paths are relative to it. */
  dir: string;
}

export interface ICourseContent {
  summary: CourseSummary;
  assessments: Map<string, ILoadedAssessment>;
  /** Lesson id → absolute path of its notebook, for lessons that have one. */
  notebooks: Map<string, string>;
  datasets: Map<string, DatasetEntry>;
  /** Points, levels and milestones (course.yaml `gamification`, else the defaults). */
  gamification: GamificationRules;
}

export interface IContent {
  catalog: Catalog;
  courses: Map<string, ICourseContent>;
  /** Not problems, but worth telling the course team (e.g. a reference dataset not fetched yet). */
  notices: IContentProblem[];
}

export interface ILoadOptions {
  /** ACADEMY_DATASETS_DIR, where reference datasets are looked for (default `<root>/.cache/datasets`). */
  datasetsDir?: string;
}

/**
 * Reads `curriculum/<course>/course.yaml`, `assessments/<course>/*.yaml` and
 * `notebooks/<course>/<lesson>.ipynb` under `root`, validates everything and cross-checks it.
 * All problems are collected before failing so authors fix them in one pass.
 */
export async function loadContent(root: string, options: ILoadOptions = {}): Promise<IContent> {
  const problems: IContentProblem[] = [];
  const notices: IContentProblem[] = [];
  const datasetsDir = options.datasetsDir ?? join(root, '.cache', 'datasets');
  const shown = (file: string): string => relative(process.cwd(), file) || file;
  const curriculumDir = join(root, 'curriculum');
  let folders: string[];
  try {
    folders = (await readdir(curriculumDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    throw new ContentError([{ file: shown(curriculumDir), path: '', message: 'curriculum folder not found' }]);
  }
  const courses = new Map<string, ICourseContent>();
  for (const folder of folders) {
    const file = join(curriculumDir, folder, 'course.yaml');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) {
      problems.push({ file: shown(file), path: '', message: `missing course.yaml for course folder "${folder}"` });
      continue;
    }
    const parsed = parseYamlAs(text, shown(file), CourseFile, problems);
    if (!parsed) continue;
    const { gamification = DEFAULT_GAMIFICATION, ...summary } = parsed;
    if (summary.id !== folder) {
      problems.push({ file: shown(file), path: 'id', message: `course id "${summary.id}" must match its folder name "${folder}"` });
    }
    checkCourse(summary, shown(file), problems);
    const datasetsFile = join(curriculumDir, folder, 'datasets.yaml');
    const datasets = await loadDatasets(datasetsFile, shown(datasetsFile), problems);
    const assessmentDir = join(root, 'assessments', folder);
    const roots = { assessmentDir, courseId: folder, datasets, datasetsDir };
    const assessments = await loadAssessments(roots, shown, { problems, notices });
    const notebooks = new Map<string, string>();
    for (const { lesson, path } of eachLesson(summary)) {
      const notebook = join(root, 'notebooks', folder, `${lesson.id}.ipynb`);
      if (existsSync(notebook)) notebooks.set(lesson.id, notebook);
      else if (lesson.status === 'available') {
        problems.push({ file: shown(file), path, message: `lesson is available but ${shown(notebook)} does not exist` });
      }
      if (lesson.assessment !== undefined) {
        const a = assessments.get(lesson.assessment);
        if (!a) problems.push({ file: shown(file), path: `${path}.assessment`, message: `no assessment "${lesson.assessment}" in assessments/${folder}/` });
        else if (a.lesson !== lesson.id) {
          problems.push({ file: shown(file), path: `${path}.assessment`, message: `assessment "${a.id}" belongs to lesson "${a.lesson}"` });
        } else if ((lesson.kind === 'project') !== a.items.some((i) => i.kind === 'project')) {
          // The lesson list announces projects: the lesson's kind and its assessment must agree.
          const message = lesson.kind === 'project' ? `lesson is a project but assessment "${a.id}" has no project item` : `assessment "${a.id}" has a project item: mark the lesson "kind: project"`;
          problems.push({ file: shown(file), path: `${path}.kind`, message });
        }
      }
    }
    checkCertificateRules(summary, new Set(assessments.keys()), shown(file), problems, notices);
    checkGamification(gamification, summary, assessments, shown(file), problems);
    const lessonIds = new Set([...eachLesson(summary)].map((l) => l.lesson.id));
    for (const a of assessments.values()) {
      if (!lessonIds.has(a.lesson)) {
        problems.push({ file: shown(join(a.dir, `${a.id}.yaml`)), path: 'lesson', message: `unknown lesson "${a.lesson}" in course "${folder}"` });
      }
    }
    courses.set(summary.id, { summary, assessments, notebooks, datasets, gamification });
  }
  if (courses.size === 0 && problems.length === 0) {
    problems.push({ file: shown(curriculumDir), path: '', message: 'no course found (expected <course>/course.yaml)' });
  }
  if (problems.length > 0) throw new ContentError(problems);
  const ordered = [...courses.values()].map((c) => c.summary).sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.id.localeCompare(b.id));
  return { catalog: { courses: ordered }, courses, notices };
}

/**
 * Only the `*.yaml` files directly in `assessments/<course>/` are assessments; sub-folders
 * (`reference/` images, `solutions/` notebooks) are never read here, let alone served.
 */
async function loadAssessments(
  roots: IReferenceRoots,
  shown: (f: string) => string,
  { problems, notices }: { problems: IContentProblem[]; notices: IContentProblem[] }
): Promise<Map<string, ILoadedAssessment>> {
  const found = new Map<string, ILoadedAssessment>();
  const dir = roots.assessmentDir;
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const names = entries.filter((e) => e.isFile() && e.name.endsWith('.yaml')).map((e) => e.name).sort();
  for (const name of names) {
    const file = join(dir, name);
    const parsed = parseYamlAs(await readFile(file, 'utf8'), shown(file), ContentAssessment, problems);
    if (!parsed) continue;
    if (`${parsed.id}.yaml` !== name) problems.push({ file: shown(file), path: 'id', message: `assessment id "${parsed.id}" must match its file name` });
    checkAssessment(parsed, shown(file), roots, problems, notices);
    found.set(parsed.id, { ...parsed, courseId: roots.courseId, dir });
  }
  return found;
}
