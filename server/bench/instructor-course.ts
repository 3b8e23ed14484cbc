import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Assessments of the scale benchmark's course: eight quizzes of eight items, and a capstone. */
export const QUIZZES = Array.from({ length: 8 }, (_, i) => `quiz-${i + 1}`);

const quiz = (id: string, n: number, waterKey: number): string => `id: ${id}
lesson: lesson-${n}
title: Quiz ${n}
passMark: 0.7
items:
  - { id: modality, kind: single-choice, prompt: Which modality measures X-ray attenuation?, options: [{ id: ct, text: CT }, { id: mri, text: MRI }, { id: us, text: Ultrasound }], key: { correct: ct } }
  - { id: formats, kind: multiple-choice, prompt: Which formats store voxel spacing?, options: [{ id: nifti, text: NIfTI }, { id: dicom, text: DICOM }, { id: png, text: PNG }], key: { correct: [nifti, dicom] } }
  - { id: water, kind: numeric, prompt: The CT number of water?, unit: HU, key: { value: ${waterKey}, absTolerance: 5 } }
  - { id: voxel, kind: numeric, prompt: Volume of a 2 mm voxel?, unit: mm3, key: { value: 8, relTolerance: 0.01 } }
  - { id: slices, kind: numeric, prompt: How many slices?, key: { value: 108, absTolerance: 0 } }
  - { id: format-name, kind: short-text, prompt: The format with a 348-byte header?, key: { accept: [NIfTI, NIfTI-1] } }
  - { id: landmark, kind: landmark, prompt: Where is the landmark?, key: { point: [10, 20, 30], distanceMm: { full: 2, zero: 10 } } }
  - { id: shift, kind: transform, prompt: Recover the shift., parameters: [tx, ty, tz], key: { values: [3, -2, 1.5], tolerances: [0.5, 0.5, 0.5] } }
`;

const CAPSTONE = `id: capstone
lesson: capstone
title: Capstone
passMark: 0.6
maxAttempts: 3
items:
  - id: project
    kind: project
    prompt: Do the analysis and report it.
    rubric:
      criteria:
        - { id: method, title: Method, levels: [{ id: no, title: No, points: 0, descriptor: none }, { id: ok, title: OK, points: 2, descriptor: some }, { id: good, title: Good, points: 4, descriptor: all }] }
        - { id: report, title: Report, levels: [{ id: no, title: No, points: 0, descriptor: none }, { id: ok, title: OK, points: 2, descriptor: clear }] }
`;

function course(): string {
  const lessons = QUIZZES.map((id, i) => `          - { id: lesson-${i + 1}, title: Lesson ${i + 1}, estimatedMinutes: 30, status: available, assessment: ${id} }`).join('\n');
  return `id: cohort
title: Cohort course
tracks:
  - id: core
    title: Core
    tier: foundation
    certificate: { requiredAssessments: [${QUIZZES.join(', ')}], project: { assessment: capstone, minScore: 0.6 } }
    modules:
      - id: lessons
        title: Lessons
        lessons:
${lessons}
          - { id: capstone, title: Capstone, kind: project, estimatedMinutes: 120, status: available, assessment: capstone }
`;
}

const NOTEBOOK = '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}';

/** The course folder: curriculum, quizzes (water keyed at 0 HU), capstone and empty lesson notebooks. */
export function cohortCourse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'voxel-bench-cohort-'));
  for (const sub of ['curriculum/cohort', 'assessments/cohort', 'notebooks/cohort']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'curriculum', 'cohort', 'course.yaml'), course());
  QUIZZES.forEach((id, i) => writeFileSync(join(dir, 'assessments', 'cohort', `${id}.yaml`), quiz(id, i + 1, 0)));
  writeFileSync(join(dir, 'assessments', 'cohort', 'capstone.yaml'), CAPSTONE);
  for (const lesson of [...QUIZZES.map((_, i) => `lesson-${i + 1}`), 'capstone']) writeFileSync(join(dir, 'notebooks', 'cohort', `${lesson}.ipynb`), NOTEBOOK);
  return dir;
}

/** A key fixed after the fact: quiz-1's water is keyed at 100 HU, so a regrade of its 6,000 submissions has work. */
export function changeKey(dir: string): void {
  const file = join(dir, 'assessments', 'cohort', 'quiz-1.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('key: { value: 0, absTolerance: 5 }', 'key: { value: 100, absTolerance: 5 }'));
}
