import { describe, expect, it } from 'vitest';
import { useDemoApp } from './support/demo.js';
import { openLiveSocket as open, sleep, until } from './support/live.js';
import { loginAs } from './support/session.js';

describe('live events over WebSocket', () => {
  const demo = useDemoApp();

  it('pushes a graded submission to every open tab of that learner only', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const tab1 = await open(app, ada);
    const tab2 = await open(app, ada);
    const other = await open(app, bob);
    await until(() => tab1.messages.length > 0 && tab2.messages.length > 0 && other.messages.length > 0);
    expect(tab1.messages[0]).toMatchObject({ type: 'hello', user: 'ada' });

    const res = await ada.post('/services/academy/api/courses/demo/assessments/quiz/submissions', {
      answers: { modality: { type: 'choice', selected: ['ct'] } }
    });
    const { id } = await res.json();
    for (const tab of [tab1, tab2]) {
      await until(() => tab.messages.some((m) => m.type === 'submission.graded'));
      expect(tab.messages.find((m) => m.type === 'submission.graded')).toMatchObject({ submission: { id, user: 'ada' } });
    }
    await sleep(50);
    expect(other.messages).toHaveLength(1);
    expect(other.messages[0]).toMatchObject({ type: 'hello', user: 'bob' });
    for (const t of [tab1, tab2, other]) t.ws.close();
  });

  it('refuses a socket without a session (401) or from another origin (403)', async () => {
    const { app, hub } = demo;
    await expect(open(app, null)).rejects.toThrow('HTTP 401');
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    await expect(open(app, ada, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });
});
