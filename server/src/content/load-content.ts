import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CourseSummary, type Catalog } from '@voxel-academy/protocol';
import { ContentAssessment } from '../assessments/content-schema.js';
import { checkAssessment } from './check-assessment.js';
import { loadDatasets, type DatasetEntry } from './datasets.js';
import { checkCourse, eachLesson } from './check-course.js';
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
}

export interface IContent {
  catalog: Catalog;
  courses: Map<string, ICourseContent>;
}

/**
 * Reads `curriculum/<course>/course.yaml`, `assessments/<course>/*.yaml` and
 * `notebooks/<course>/<lesson>.ipynb` under `root`, validates everything and cross-checks it.
 * All problems are collected before failing so authors fix them in one pass.
 */
export async function loadContent(root: string): Promise<IContent> {
  const problems: IContentProblem[] = [];
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
    const summary = parseYamlAs(text, shown(file), CourseSummary, problems);
    if (!summary) continue;
    if (summary.id !== folder) {
      problems.push({ file: shown(file), path: 'id', message: `course id "${summary.id}" must match its folder name "${folder}"` });
    }
    checkCourse(summary, shown(file), problems);
    const assessments = await loadAssessments(join(root, 'assessments', folder), folder, shown, problems);
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
        }
      }
    }
    const lessonIds = new Set([...eachLesson(summary)].map((l) => l.lesson.id));
    for (const a of assessments.values()) {
      if (!lessonIds.has(a.lesson)) {
        problems.push({ file: shown(join(a.dir, `${a.id}.yaml`)), path: 'lesson', message: `unknown lesson "${a.lesson}" in course "${folder}"` });
      }
    }
    const datasetsFile = join(curriculumDir, folder, 'datasets.yaml');
    const datasets = await loadDatasets(datasetsFile, shown(datasetsFile), problems);
    courses.set(summary.id, { summary, assessments, notebooks, datasets });
  }
  if (courses.size === 0 && problems.length === 0) {
    problems.push({ file: shown(curriculumDir), path: '', message: 'no course found (expected <course>/course.yaml)' });
  }
  if (problems.length > 0) throw new ContentError(problems);
  return { catalog: { courses: [...courses.values()].map((c) => c.summary) }, courses };
}

async function loadAssessments(
  dir: string,
  courseId: string,
  shown: (f: string) => string,
  problems: IContentProblem[]
): Promise<Map<string, ILoadedAssessment>> {
  const found = new Map<string, ILoadedAssessment>();
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort() : [];
  for (const name of names) {
    const file = join(dir, name);
    const parsed = parseYamlAs(await readFile(file, 'utf8'), shown(file), ContentAssessment, problems);
    if (!parsed) continue;
    if (`${parsed.id}.yaml` !== name) problems.push({ file: shown(file), path: 'id', message: `assessment id "${parsed.id}" must match its file name` });
    checkAssessment(parsed, shown(file), dir, problems);
    found.set(parsed.id, { ...parsed, courseId, dir });
  }
  return found;
}
