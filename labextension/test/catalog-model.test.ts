import { Signal } from '@lumino/signaling';
import { describe, expect, it } from 'vitest';
import type { LearningJourney, LiveEvent, SubmissionResult } from '@voxel-academy/protocol';
import { followMilestones } from '../src/sidebar/milestones';
import { CatalogModel } from '../src/sidebar/model';
import type { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../src/tokens';

function liveEvents(): ILiveEvents & { emit(event: LiveEvent): void } {
  const received = new Signal<ILiveEvents, LiveEvent>({} as ILiveEvents);
  return { received, connect: () => undefined, watchDiscussion: () => () => undefined, emit: (e) => received.emit(e) };
}

const journey = (courseId: string, xp: number): LearningJourney => ({
  courseId,
  enabled: true,
  leaderboard: false,
  xp,
  xpFrom: { items: xp, lessons: 0, projects: 0 },
  level: 1,
  levelStartsAt: 0,
  nextLevelAt: 100,
  streak: { current: 0, longest: 0, activeToday: false, timeZone: 'UTC' },
  milestones: []
});

/** A client over a server with two courses; `journeyFails` stands for a server without the route. */
function client(calls: string[], points: Map<string, number>, journeyFails = false): IAcademyClient {
  const course = (id: string) => ({ id, title: id, summary: '', tracks: [] });
  return {
    serviceUrl: 'http://hub/services/academy/',
    serviceChanged: new Signal<IAcademyClient, string | null>({} as IAcademyClient),
    me: async () => (calls.push('me'), { name: 'ada', roles: ['learner'] }),
    catalog: async () => (calls.push('catalog'), { courses: [course('demo'), course('other')] }),
    certificates: async () => (calls.push('certificates'), []),
    request: async (path: string) => {
      calls.push(path);
      if (path === 'api/badges') return [];
      const id = /courses\/([^/]+)\//.exec(path)?.[1] ?? '';
      if (path.includes('/journey')) {
        if (journeyFails) throw new Error('404 Not Found');
        expect(path).toMatch(/\?tz=[A-Za-z_%0-9/]+$/);
        return journey(id, points.get(id) ?? 0);
      }
      return { courseId: id, user: 'ada', lessons: [], tracks: [], nextLessonId: null };
    }
  } as unknown as IAcademyClient;
}

const graded = (courseId: string): LiveEvent => ({ type: 'submission.graded', at: 0, submission: { courseId } as SubmissionResult });

describe('the sidebar’s catalog model', () => {
  it('loads each course’s journey with the browser’s time zone, and a graded submission reloads only that course’s', async () => {
    const calls: string[] = [];
    const points = new Map([['demo', 0]]);
    const live = liveEvents();
    const model = new CatalogModel(client(calls, points), live);
    await model.refresh();
    const ready = model.state;
    expect(ready.kind).toBe('ready');
    if (ready.kind !== 'ready') return;
    expect([...ready.journeys.keys()].sort()).toEqual(['demo', 'other']);
    expect(ready.badges).toEqual([]);
    calls.length = 0;
    points.set('demo', 80);
    const changed = new Promise<void>((resolve) => model.changed.connect(() => resolve()));
    live.emit(graded('demo'));
    await changed;
    expect(calls).toEqual([expect.stringMatching(/^api\/courses\/demo\/journey\?tz=/)]);
    const after = model.state;
    if (after.kind !== 'ready') throw new Error('the model should stay ready');
    expect(after.journeys.get('demo')?.xp).toBe(80);
    expect(after.journeys.get('other')?.xp).toBe(0);
    expect(after.catalog).toBe(ready.catalog);
  });

  it('keeps the sidebar working when the server cannot give journeys', async () => {
    const model = new CatalogModel(client([], new Map(), true), null);
    await model.refresh();
    expect(model.state.kind).toBe('ready');
    if (model.state.kind === 'ready') expect(model.state.journeys.size).toBe(0);
  });
});

describe('milestone notifications', () => {
  it('tells of a milestone reached while JupyterLab is open, never of one reached before it loaded', () => {
    const changed = new Signal<IAcademyCatalog, IAcademyCatalog.State>({} as IAcademyCatalog);
    const reached: string[] = [];
    followMilestones({ changed, state: { kind: 'loading' }, refresh: async () => undefined }, (title) => reached.push(title));
    const milestone = (id: string, at: string | null) => ({ id, title: `Title of ${id}`, description: '', achievedAt: at });
    const state = (milestones: ReturnType<typeof milestone>[]): IAcademyCatalog.State =>
      ({ kind: 'ready', journeys: new Map([['demo', { ...journey('demo', 0), milestones }]]) }) as unknown as IAcademyCatalog.State;
    changed.emit(state([milestone('old', '2026-11-01T00:00:00.000Z'), milestone('next', null)]));
    changed.emit({ kind: 'loading' });
    changed.emit(state([milestone('old', '2026-11-01T00:00:00.000Z'), milestone('next', null)]));
    expect(reached).toEqual([]);
    changed.emit(state([milestone('old', '2026-11-01T00:00:00.000Z'), milestone('next', '2026-12-03T07:00:00.000Z')]));
    changed.emit(state([milestone('old', '2026-11-01T00:00:00.000Z'), milestone('next', '2026-12-03T07:00:00.000Z')]));
    expect(reached).toEqual(['Title of next']);
  });
});
