import { describe, expect, it } from 'vitest';
import { AcademyNetworkError } from '../src/client';
import { AssessmentModel } from '../src/assessment/model';
import type { IAcademyClient } from '../src/tokens';

const ASSESSMENT = {
  id: 'quiz', courseId: 'demo', lessonId: 'lesson-one', title: 'Quiz', passMark: 0.7, maxAttempts: 3, deadline: null,
  latePolicy: { kind: 'reject' }, items: [{ id: 'q1', kind: 'short-text', prompt: 'Format?', weight: 1 }]
};
const RESULT = {
  id: 's1', assessmentId: 'quiz', courseId: 'demo', user: 'ada', attempt: 1, status: 'graded', submittedAt: '2026-11-22T00:00:00.000Z',
  gradedAt: '2026-11-22T00:00:00.000Z', late: false, score: 1, passed: true, items: [], attemptsLeft: 2
};

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) } as Storage;
}

function client(onSubmit: (init: RequestInit) => unknown): IAcademyClient {
  return {
    serviceUrl: '/services/academy/',
    request: async (_path: string, _schema: unknown, init?: RequestInit) => (init?.method === 'POST' ? onSubmit(init) : ASSESSMENT)
  } as unknown as IAcademyClient;
}

describe('AssessmentModel', () => {
  it('keeps the draft across a reload (a new model on the same storage)', async () => {
    const storage = memoryStorage();
    const first = new AssessmentModel(client(() => RESULT), 'demo', 'quiz', storage);
    await first.load();
    first.setAnswer('q1', { type: 'text', text: 'NIfTI' });
    const second = new AssessmentModel(client(() => RESULT), 'demo', 'quiz', storage);
    await second.load();
    expect(second.state.answers).toEqual({ q1: { type: 'text', text: 'NIfTI' } });
  });

  it('retries a dropped submit with the same idempotency key and says so', async () => {
    const keys: string[] = [];
    const messages: string[] = [];
    let calls = 0;
    const model = new AssessmentModel(
      client((init) => {
        keys.push(new Headers(init.headers).get('idempotency-key') ?? '');
        if (++calls < 3) throw new AcademyNetworkError(new TypeError('Failed to fetch'));
        return RESULT;
      }),
      'demo',
      'quiz',
      memoryStorage(),
      async () => undefined
    );
    model.changed.connect((_, s) => s.message && messages.push(s.message));
    await model.load();
    model.setAnswer('q1', { type: 'text', text: 'NIfTI' });
    await model.submit();
    expect(model.state.phase).toBe('graded');
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(messages.some((m) => m.includes('retrying safely'))).toBe(true);
  });

  it('keeps the answers and explains a refusal (e.g. attempts used up)', async () => {
    const model = new AssessmentModel(client(() => { throw new Error('You have used all 3 attempts'); }), 'demo', 'quiz', memoryStorage());
    await model.load();
    model.setAnswer('q1', { type: 'text', text: 'x' });
    await model.submit();
    expect(model.state.phase).toBe('reviewing');
    expect(model.state.message).toContain('used all 3 attempts');
    expect(model.state.answers['q1']).toEqual({ type: 'text', text: 'x' });
  });
});
