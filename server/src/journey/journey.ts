import { isImageKind, type GamificationRules, type LearningJourney, type MilestoneRule } from '@voxel-academy/protocol';
import { eachLesson } from '../content/check-course.js';
import type { ICourseContent } from '../content/load-content.js';
import type { IActivityRow, ILessonProgressRow, ISubmissionRecord } from '../store/types.js';
import { streaksOf, type IStreaks } from './streaks.js';

export interface IJourneyInput {
  course: ICourseContent;
  submissions: readonly ISubmissionRecord[];
  lessons: readonly ILessonProgressRow[];
  activity: readonly IActivityRow[];
  now: number;
  timeZone: string;
}

/** The first time each graded item reached each score, from the learner's graded submissions. */
interface IItemHistory {
  /** `<assessment>/<item>` → best points (score × weight) over every graded attempt. */
  bestPoints: Map<string, number>;
  /** `<assessment>/<item>` → graded attempts as [time, score], oldest first. */
  attempts: Map<string, Array<[number, number]>>;
}

function itemHistory(submissions: readonly ISubmissionRecord[]): IItemHistory {
  const bestPoints = new Map<string, number>();
  const attempts = new Map<string, Array<[number, number]>>();
  const graded = submissions.filter((s) => s.status === 'graded').sort((a, b) => a.submittedAt - b.submittedAt);
  for (const s of graded) {
    for (const item of s.items) {
      const key = `${s.assessment}/${item.itemId}`;
      bestPoints.set(key, Math.max(bestPoints.get(key) ?? 0, item.points));
      const list = attempts.get(key) ?? [];
      list.push([s.gradedAt ?? s.submittedAt, item.score]);
      attempts.set(key, list);
    }
  }
  return { bestPoints, attempts };
}

/** Completed lesson → when it was first completed: its first passed assessment, else its progress row's time. */
function completions(input: IJourneyInput): Map<string, number> {
  const passedAt = new Map<string, number>();
  for (const e of input.activity) if (e.kind === 'assessment_passed' && !passedAt.has(e.lesson)) passedAt.set(e.lesson, e.at);
  return new Map(input.lessons.filter((l) => l.status === 'completed').map((l) => [l.lesson, passedAt.get(l.lesson) ?? l.updatedAt]));
}

/** Projects passed once graded by people (each assessment with a project item counts once). */
function passedProjects(input: IJourneyInput): number {
  const projects = [...input.course.assessments.values()].filter((a) => a.items.some((i) => i.kind === 'project')).map((a) => a.id);
  return projects.filter((id) => input.submissions.some((s) => s.assessment === id && s.status === 'graded' && s.passed === true)).length;
}

function firstAt(list: Array<[number, number]> | undefined, minScore: number): number | null {
  return list?.find(([, score]) => score >= minScore)?.[0] ?? null;
}

function achievedAt(when: MilestoneRule, input: IJourneyInput, history: IItemHistory, completed: ReadonlyMap<string, number>, streaks: IStreaks): number | null {
  if ('imageGraded' in when) {
    const times: number[] = [];
    for (const a of input.course.assessments.values()) {
      for (const item of a.items) if (isImageKind(item.kind)) times.push(firstAt(history.attempts.get(`${a.id}/${item.id}`), Number.MIN_VALUE) ?? Infinity);
    }
    const first = Math.min(...times);
    return Number.isFinite(first) ? first : null;
  }
  if ('item' in when) return firstAt(history.attempts.get(when.item), when.minScore);
  if ('lessonsCompleted' in when) return [...completed.values()].sort((a, b) => a - b)[when.lessonsCompleted - 1] ?? null;
  if ('trackCompleted' in when) {
    const available = [...eachLesson(input.course.summary)].filter((l) => l.track.id === when.trackCompleted && l.lesson.status === 'available');
    const times = available.map((l) => completed.get(l.lesson.id));
    if (available.length === 0 || times.some((t) => t === undefined)) return null;
    return Math.max(...times.map((t) => t ?? 0));
  }
  return streaks.reached(when.streakDays);
}

/** Level n starts at levels[n − 1] points. */
function levelOf(xp: number, levels: readonly number[]): { level: number; startsAt: number; next: number | null } {
  let level = 1;
  while (level < levels.length && xp >= (levels[level] ?? Infinity)) level++;
  return { level, startsAt: levels[level - 1] ?? 0, next: levels[level] ?? null };
}

/**
 * The learner's points, level, streak and milestones in one course. Items count once at their
 * best graded score and lessons once, so a resubmission never adds points; submissions still
 * waiting for a grader count for nothing until graded.
 */
export function journeyOf(input: IJourneyInput): LearningJourney {
  const rules: GamificationRules = input.course.gamification;
  const history = itemHistory(input.submissions);
  const completed = completions(input);
  const itemPoints = [...history.bestPoints.values()].reduce((sum, p) => sum + p, 0);
  const xpFrom = {
    items: Math.round(itemPoints * rules.xp.perPoint),
    lessons: completed.size * rules.xp.perLesson,
    projects: passedProjects(input) * rules.xp.perProject
  };
  const xp = xpFrom.items + xpFrom.lessons + xpFrom.projects;
  const level = levelOf(xp, rules.levels);
  const times = [...input.activity.map((e) => e.at), ...input.submissions.map((s) => s.submittedAt)];
  const streaks = streaksOf(times, input.now, input.timeZone);
  return {
    courseId: input.course.summary.id,
    enabled: rules.enabled,
    leaderboard: rules.enabled && rules.leaderboard,
    xp,
    xpFrom,
    level: level.level,
    levelStartsAt: level.startsAt,
    nextLevelAt: level.next,
    streak: { current: streaks.current, longest: streaks.longest, activeToday: streaks.activeToday, timeZone: input.timeZone },
    milestones: rules.milestones.map((m) => {
      const at = achievedAt(m.when, input, history, completed, streaks);
      return { id: m.id, title: m.title, description: m.description, achievedAt: at === null ? null : new Date(at).toISOString() };
    })
  };
}
