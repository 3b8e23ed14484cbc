import { CourseSummary, GamificationRules } from '@voxel-academy/protocol';
import type { ContentAssessment } from '../assessments/content-schema.js';
import type { IContentProblem } from './problems.js';

/** course.yaml as written: the catalog's summary, plus the course's gamification rules. */
export const CourseFile = CourseSummary.extend({ gamification: GamificationRules.optional() });

/** The rules a course gets when its course.yaml says nothing: points and levels, no milestones. */
export const DEFAULT_GAMIFICATION: GamificationRules = GamificationRules.parse({});

/**
 * Milestones must be reachable: an item rule names an assessment and one of its items, a track
 * rule a track of the course, and ids are unique (they are what the sidebar keys on).
 */
export function checkGamification(rules: GamificationRules, course: CourseSummary, assessments: ReadonlyMap<string, ContentAssessment>, file: string, problems: IContentProblem[]): void {
  const seen = new Set<string>();
  rules.milestones.forEach((m, i) => {
    const path = `gamification.milestones[${i}]`;
    if (seen.has(m.id)) problems.push({ file, path: `${path}.id`, message: `milestone id "${m.id}" is used twice` });
    seen.add(m.id);
    const when = m.when;
    if ('item' in when) {
      const [assessmentId = '', itemId = ''] = when.item.split('/');
      const assessment = assessments.get(assessmentId);
      if (!assessment) problems.push({ file, path: `${path}.when.item`, message: `no assessment "${assessmentId}" in this course` });
      else if (!assessment.items.some((item) => item.id === itemId)) problems.push({ file, path: `${path}.when.item`, message: `assessment "${assessmentId}" has no item "${itemId}"` });
    }
    if ('trackCompleted' in when && !course.tracks.some((t) => t.id === when.trackCompleted)) {
      problems.push({ file, path: `${path}.when.trackCompleted`, message: `no track "${when.trackCompleted}" in this course` });
    }
  });
}
