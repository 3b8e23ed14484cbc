import { describe, expect, it } from 'vitest';
import { warmUpCertificateWork } from '../../src/certificates/warm-up.js';

describe('a certificate worker’s warm-up', () => {
  it('signs and verifies a throwaway credential, so the proof check really ran before the first task', async () => {
    const report = await warmUpCertificateWork();
    expect(report.checks.find((c) => c.name === 'data-integrity proof')).toMatchObject({ ok: true });
    expect(report.checks.find((c) => c.name === 'issuer')).toMatchObject({ ok: true });
  });
});
