import type { IAcademyCatalog } from '../tokens';

/**
 * Calls `reached` with each milestone the learner reaches while JupyterLab is open: one in a
 * journey that was not reached in the previous journey of the same course (the first load of a
 * course only records what is already reached).
 */
export function followMilestones(catalog: IAcademyCatalog, reached: (title: string) => void): void {
  const known = new Map<string, Set<string>>();
  catalog.changed.connect((_, state) => {
    if (state.kind !== 'ready') return;
    for (const [courseId, journey] of state.journeys) {
      const now = new Set(journey.milestones.filter((m) => m.achievedAt !== null).map((m) => m.id));
      const before = known.get(courseId);
      if (before) for (const m of journey.milestones) if (now.has(m.id) && !before.has(m.id)) reached(m.title);
      known.set(courseId, now);
    }
  });
}
