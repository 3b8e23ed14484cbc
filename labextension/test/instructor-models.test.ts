import { Signal } from '@lumino/signaling';
import { describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@voxel-academy/protocol';
import { withoutViewerPayloads } from '../src/assessment/project-source';
import type { InstructorApi } from '../src/instructor/api';
import { GradingModel } from '../src/instructor/grading/model';
import { InstructorModel } from '../src/instructor/model';
import type { ILiveEvents } from '../src/tokens';
import { nullTranslator } from '@jupyterlab/translation';

const trans = nullTranslator.load('voxel_academy');

function liveEvents(): ILiveEvents & { emit(event: LiveEvent): void } {
  const received = new Signal<ILiveEvents, LiveEvent>({} as ILiveEvents);
  return { received, connect: () => undefined, watchDiscussion: () => () => undefined, emit: (e) => received.emit(e) };
}

const activity = (user: string, courseId = 'demo'): LiveEvent => ({ type: 'course.activity', at: 0, courseId, user, kind: 'graded', lessonId: 'lesson-one', assessmentId: 'quiz' });

describe('InstructorModel', () => {
  it('follows the cohort live: one debounced heatmap refresh for a burst, the open learner at once, other courses ignored', async () => {
    vi.useFakeTimers();
    try {
      const calls: string[] = [];
      const api = {
        heatmap: async () => (calls.push('heatmap'), { courseId: 'demo', lessons: [], learners: [] }),
        learner: async (_c: string, user: string) => (calls.push(`learner:${user}`), { user }),
        overview: async () => (calls.push('overview'), {})
      } as unknown as InstructorApi;
      const live = liveEvents();
      const model = new InstructorModel(api, 'demo', live);
      model.setTab('progress');
      await vi.runAllTimersAsync();
      model.openLearner('ada');
      await vi.runAllTimersAsync();
      calls.length = 0;
      for (let i = 0; i < 20; i++) live.emit(activity(`learner-${i}`));
      live.emit(activity('ada'));
      live.emit(activity('zed', 'other-course'));
      await vi.advanceTimersByTimeAsync(100);
      expect(calls).toEqual(['learner:ada']);
      await vi.advanceTimersByTimeAsync(1500);
      // The heatmap was loaded, the overview never was: only the heatmap is refreshed, once.
      expect(calls).toEqual(['learner:ada', 'heatmap']);
      expect(model.state.liveUpdates).toBe(2);
      model.dispose();
      live.emit(activity('ada'));
      await vi.advanceTimersByTimeAsync(1500);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a failed request as the workspace’s error instead of throwing', async () => {
    const api = { overview: async () => Promise.reject(new Error('Only instructors can see this.')) } as unknown as InstructorApi;
    const model = new InstructorModel(api, 'demo', null);
    await model.loadTab();
    expect(model.state.error).toBe('Only instructors can see this.');
  });
});

describe('GradingModel', () => {
  const review = (claimedBy: string | null) => ({
    summary: { submissionId: 's1', claimedBy, status: claimedBy ? 'claimed' : 'open' },
    item: { rubric: { criteria: [{ id: 'a', levels: [] }, { id: 'b', levels: [] }, { id: 'c', levels: [] }] } },
    grade: null
  });

  it('edits a draft (levels, criterion comments, one comment per cell) and sends it with release', async () => {
    const sent: unknown[] = [];
    const api = {
      next: async () => ({ review: review('me'), remaining: 0 }),
      queue: async () => ({ reviews: [], counts: { open: 0, claimed: 1, graded: 0 } }),
      grade: async (_id: string, grade: unknown) => (sent.push(grade), review(null))
    } as unknown as InstructorApi;
    const model = new GradingModel(api, 'demo', 'capstone', null, trans);
    await model.start();
    model.setLevel('a', 'good');
    model.setCriterionComment('a', 'Clear.');
    model.setCellComment(3, 'c3', 'Units?');
    model.setCellComment(1, null, 'Good start.');
    model.setCellComment(3, 'c3', 'Units, please.');
    model.setCellComment(1, null, '   ');
    expect(model.state.dirty).toBe(true);
    model.focus(-1);
    expect(model.state.focus).toBe(2);
    await model.save(true);
    expect(sent).toEqual([{ criteria: { a: { levelId: 'good', comment: 'Clear.' } }, comment: '', cellComments: [{ cellIndex: 3, cellId: 'c3', text: 'Units, please.' }], release: true }]);
    expect(model.state.dirty).toBe(false);
  });

  it('says when a colleague holds the project instead of losing the grade', async () => {
    const api = {
      next: async () => ({ review: review('me'), remaining: 0 }),
      queue: async () => ({ reviews: [], counts: { open: 0, claimed: 1, graded: 0 } }),
      grade: async () => Promise.reject(new Error('marker is grading this project'))
    } as unknown as InstructorApi;
    const model = new GradingModel(api, 'demo', 'capstone', null, trans);
    await model.start();
    model.setLevel('a', 'good');
    await model.save(true);
    expect(model.state.error).toBe('marker is grading this project');
    expect(model.state.dirty, 'the draft stays for another try').toBe(true);
    expect(model.state.draft.criteria['a']?.levelId).toBe('good');
  });
});

describe('project snapshots', () => {
  it('keep every output but the slice viewer’s NIfTI payload (the picture beside it stays)', () => {
    const notebook = {
      nbformat: 4 as const,
      cells: [
        { cell_type: 'markdown', source: '# Report' },
        { cell_type: 'code', outputs: [{ output_type: 'display_data', data: { 'application/vnd.voxel-academy.slices+json': { nifti: 'AAAA' }, 'image/png': 'iVBOR' } }, { output_type: 'stream', text: 'ok' }] }
      ]
    };
    const stripped = withoutViewerPayloads(notebook);
    expect(stripped.cells[1]).toEqual({ cell_type: 'code', outputs: [{ output_type: 'display_data', data: { 'image/png': 'iVBOR' } }, { output_type: 'stream', text: 'ok' }] });
    expect(stripped.cells[0]).toBe(notebook.cells[0]);
  });
});
