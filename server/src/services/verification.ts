import type { VerificationResult } from '@voxel-academy/protocol';
import { publicKeys } from '../certificates/keys.js';
import type { IProofReport } from '../certificates/verify.js';
import type { IServiceContext } from './context.js';
import { ServiceError } from './errors.js';

/** Verifies a certificate issued here, by its id (what the QR code and share links use). */
export async function verifyById(ctx: IServiceContext, id: string): Promise<VerificationResult> {
  const row = await ctx.store.getCertificate(id);
  if (!row) {
    return { status: 'invalid', summary: 'No certificate with this id was issued by this academy.', checks: [{ name: 'issued here', ok: false, detail: `Unknown certificate id ${id}.` }], certificate: null };
  }
  const report = await ctx.certificateWork.verify({ credential: row.credential, jwt: row.jwt }, publicKeys(ctx.issuer.keys), new Date(ctx.now()), await ctx.statusLists.all(ctx));
  return conclude(ctx, report, id);
}

/**
 * Verifies what someone uploads: the credential JSON (with its Data Integrity proof, or
 * `{credential, jwt}` as downloaded), a bare VC-JWT, or the certificate PDF. Reading and
 * checking happen in the verification pool, never on the event loop.
 */
export async function verifyUpload(ctx: IServiceContext, bytes: Buffer): Promise<VerificationResult> {
  if (bytes.length === 0) throw new ServiceError('bad_request', 'Empty upload', 'Upload the certificate PDF, its credential.json, or the VC-JWT text.');
  const verdict = await ctx.certificateWork.verifyUpload(new Uint8Array(bytes), publicKeys(ctx.issuer.keys), new Date(ctx.now()), await ctx.statusLists.all(ctx));
  if (!verdict.attached || !verdict.report) {
    return { status: 'invalid', summary: 'This PDF carries no Voxel Academy credential (credential.json attachment).', checks: [{ name: 'credential', ok: false, detail: 'No credential.json attachment was found in the PDF.' }], certificate: null };
  }
  return conclude(ctx, verdict.report, idOf(verdict.attached.credential, verdict.attached.jwt));
}

function idOf(credential: Record<string, unknown> | undefined, jwt: string | undefined): string | null {
  let raw = credential?.['id'];
  if (raw === undefined && jwt) {
    try {
      raw = (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>)['jti'];
    } catch {
      raw = undefined;
    }
  }
  return typeof raw === 'string' ? raw.replace(/^urn:uuid:/, '') : null;
}

/** Adds what only the issuer knows (issued here? revoked?) and words the verdict. */
async function conclude(ctx: IServiceContext, report: IProofReport, id: string | null): Promise<VerificationResult> {
  const checks = [...report.checks];
  const row = id ? await ctx.store.getCertificate(id) : undefined;
  checks.push(row ? { name: 'issued here', ok: true, detail: `Recorded by this academy on ${new Date(row.issuedAt).toISOString()}.` } : { name: 'issued here', ok: false, detail: 'This academy has no record of issuing it.' });
  const revokedAt = row?.revokedAt ?? null;
  // Either record says revoked: our database, or the signed status list the credential names.
  const revoked = revokedAt !== null || report.statusRevoked === true;
  checks.push(
    revokedAt !== null
      ? { name: 'revocation', ok: false, detail: `Revoked on ${new Date(revokedAt).toISOString()}: ${row?.revokedReason ?? ''}` }
      : { name: 'revocation', ok: !revoked, detail: revoked ? 'Revoked in the published status list.' : 'Not revoked.' }
  );
  const revocationChecks = new Set(['validity', 'revocation', ...(report.statusRevoked === true ? ['status list'] : [])]);
  const broken = checks.filter((c) => !c.ok && !revocationChecks.has(c.name));
  const status = broken.length > 0 ? 'invalid' : revoked ? 'revoked' : report.expired ? 'expired' : 'valid';
  const facts = report.facts;
  const what = facts?.kind ?? 'certificate';
  const summary = {
    valid: `Valid: ${facts?.learner} earned “${facts?.achievement}” from ${facts?.issuerName || 'this academy'} on ${facts?.validFrom.slice(0, 10)}.`,
    revoked: `Revoked: this ${what} was withdrawn by the issuer (${row?.revokedReason ?? ''}).`,
    expired: `Expired: the signatures are genuine but the ${what} is no longer valid.`,
    invalid: `Not valid: ${broken[0]?.detail ?? `the ${what} could not be verified.`}`
  }[status];
  return {
    status,
    summary,
    checks,
    certificate: facts
      ? { id: facts.id, learner: facts.learner, achievement: facts.achievement, course: row ? (ctx.content.courses.get(row.course)?.summary.title ?? row.course) : '', issuer: facts.issuerName || facts.issuerId, issuedAt: facts.validFrom, revokedReason: row?.revokedReason ?? null, kind: facts.kind }
      : null
  };
}
