import { expect, it } from 'vitest';
import { describeStores, LEARNER } from './backends.js';

describeStores('users and sessions', (fx) => {
  it('keeps a user once, with the roles of the last visit', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    await store.upsertUser('ann', ['learner', 'instructor'], 2);
    await store.createSession({ idHash: 'h1', user: 'ann', roles: ['learner', 'instructor'], hubToken: 'sealed', checkedAt: 2, expiresAt: 100 });
    expect(await store.getSession('h1')).toEqual({ idHash: 'h1', user: 'ann', roles: ['learner', 'instructor'], hubToken: 'sealed', checkedAt: 2, expiresAt: 100 });
  });

  it('refreshes, deletes and prunes sessions', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    for (const [id, expiresAt] of [['old1', 10], ['old2', 20], ['live', 1_000]] as const) {
      await store.createSession({ idHash: id, user: 'ann', roles: LEARNER, hubToken: 't', checkedAt: 1, expiresAt });
    }
    await store.refreshSession('live', ['learner', 'admin'], 50);
    expect(await store.getSession('live')).toMatchObject({ roles: ['learner', 'admin'], checkedAt: 50, expiresAt: 1_000 });
    expect(await store.pruneSessions(21)).toBe(2);
    expect(await store.pruneSessions(21)).toBe(0);
    expect(await store.getSession('old1')).toBeUndefined();
    await store.deleteSession('live');
    expect(await store.getSession('live')).toBeUndefined();
  });

  it('refuses a session of an unknown user (foreign key)', async () => {
    const { store } = fx();
    await expect(store.createSession({ idHash: 'h', user: 'ghost', roles: LEARNER, hubToken: 't', checkedAt: 1, expiresAt: 2 })).rejects.toThrow();
  });
});
