import { expect, it } from 'vitest';
import type { ICertificateRow } from '../../src/store/types.js';
import { allowUpTo, describeStores, LEARNER, reserveInput } from './backends.js';

const upload = (id: string, createdAt: number, bytes = 1_000) => ({ id, user: 'ann', createdAt, bytes, file: `${id}.nii.gz`, geometry: { size: [4, 4, 4], spacing: [1, 1, 2.5] } });

describeStores('uploads', (fx) => {
  it('counts only unreferenced uploads toward the quota and expires only those', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    await store.insertUpload(upload('u1', 10, 3_000_000_000), 'ann'); // > 2^31: bigint on both
    await store.insertUpload(upload('u2', 20), 'ann');
    await store.insertUpload(upload('u3', 30), 'ann');
    expect(await store.getUpload('u1')).toEqual(upload('u1', 10, 3_000_000_000));
    expect(await store.unreferencedUploads('ann')).toEqual({ count: 3, bytes: 3_000_002_000, oldest: 10 });
    // A submission naming u1 keeps it (only the learner's own uploads are marked).
    await store.reserveAttempt(reserveInput('ann', 's1', { uploadIds: ['u1', 'not-mine'] }), allowUpTo(1));
    expect(await store.unreferencedUploads('ann')).toEqual({ count: 2, bytes: 2_000, oldest: 20 });
    expect(await store.deleteUnreferencedUploads(25, 99)).toEqual([{ id: 'u2', file: 'u2.nii.gz' }]);
    expect(await store.deleteUnreferencedUploads(25, 99)).toEqual([]);
    expect(await store.getUpload('u2')).toBeUndefined();
    expect(await store.getUpload('u1')).toBeDefined();
    expect(await store.unreferencedUploads('bob')).toEqual({ count: 0, bytes: 0, oldest: null });
    const actions = (await store.audit({ limit: 10 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'upload.created')).toHaveLength(3);
    expect(actions.filter((a) => a === 'uploads.expired')).toHaveLength(1);
  });

  it('stores an upload within the quota only, counted in the insert: 10 at once through two stores keep 4 of 2,500 bytes in 10,000', async () => {
    const { store } = fx();
    const second = await fx().second();
    await store.upsertUser('ann', LEARNER, 1);
    const quota = { count: 50, bytes: 10_000 };
    const stored = await Promise.all(Array.from({ length: 10 }, (_, i) => [store, second][i % 2]!.insertUpload(upload(`q${i}`, 100 + i, 2_500), 'ann', quota)));
    expect(stored.filter(Boolean)).toHaveLength(4);
    expect(await second.unreferencedUploads('ann')).toMatchObject({ count: 4, bytes: 10_000 });
    // The count limit too: 4 stored, at most 5.
    expect(await store.insertUpload(upload('small-1', 200, 0), 'ann', { count: 5, bytes: 1e9 })).toBe(true);
    expect(await store.insertUpload(upload('small-2', 201, 0), 'ann', { count: 5, bytes: 1e9 })).toBe(false);
    expect(await store.getUpload('small-2')).toBeUndefined();
    expect((await store.audit({ limit: 20 })).filter((e) => e.action === 'upload.created')).toHaveLength(5);
  });
});

describeStores('certificates', (fx) => {
  const cert = (id: string, track: string, statusIndex: number | null): ICertificateRow => ({
    id, user: 'ann', course: 'demo', track, title: `Track ${track}`, credential: { type: ['VerifiableCredential'], n: [1, 2] }, jwt: 'a.b.c',
    issuedAt: 100, revokedAt: null, revokedBy: null, revokedReason: null, statusIndex
  });

  it('stores, lists, refuses a second of the same track, and revokes with an audit entry', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    const first = await store.insertCertificate(cert('c1', 'core', await store.nextStatusIndex()));
    expect(first).toEqual({ created: true, certificate: cert('c1', 'core', 0) });
    expect(await store.insertCertificate(cert('c2', 'core', 7))).toEqual({ created: false, certificate: cert('c1', 'core', 0) });
    await store.insertCertificate(cert('c3', 'advanced', await store.nextStatusIndex()));
    expect((await store.listCertificates('ann')).map((c) => c.id)).toEqual(['c1', 'c3']);
    expect(await store.getCertificate('c2')).toBeUndefined();
    const revoked = await store.revokeCertificate('c3', 'prof', 'plagiarism', 500);
    expect(revoked).toMatchObject({ id: 'c3', revokedAt: 500, revokedBy: 'prof', revokedReason: 'plagiarism' });
    expect(await store.revokeCertificate('missing', 'prof', 'x', 501)).toBeUndefined();
    expect(await store.statusListState()).toEqual({ allocated: 2, revoked: [1] });
    expect((await store.audit({ limit: 1 }))[0]).toMatchObject({ action: 'certificate.revoked', actor: 'prof', target: 'demo/advanced/ann', data: { id: 'c3', reason: 'plagiarism' } });
  });
});
