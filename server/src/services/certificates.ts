import type { BadgeSummary, CertificateRule, CertificateStatus, CertificateSummary } from '@voxel-academy/protocol';
import { buildCredential } from '../certificates/credential.js';
import { CertificatePdfCache } from '../certificates/pdf-cache.js';
import type { ICertificatePdfInput } from '../certificates/pdf.js';
import { statusEntry } from '../certificates/status-list.js';
import { rotateKeys } from '../certificates/keys.js';
import type { ICertificateRow } from '../store/types.js';
import { courseOf, requireInstructor, type IActor, type IServiceContext } from './context.js';
import { forbidden, notFound } from './errors.js';
import { uuidv7 } from './ids.js';
import { publishActivity } from './staff-events.js';
import type { IAward } from './awards.js';
import { badgeSummaryOf, isModuleBadge, moduleAwards } from './badges.js';

const inFlight = new Map<string, Promise<ICertificateRow | null>>();
/** One PDF cache per running server (tests run several in one process). */
const pdfCaches = new WeakMap<IServiceContext, CertificatePdfCache>();

function pdfCacheOf(ctx: IServiceContext): CertificatePdfCache {
  let cache = pdfCaches.get(ctx);
  if (!cache) pdfCaches.set(ctx, (cache = new CertificatePdfCache()));
  return cache;
}

export function issuerId(ctx: IServiceContext): string {
  return `${ctx.config.publicUrl}${ctx.config.servicePrefix}issuer`;
}

export function verifyUrl(ctx: IServiceContext, id: string): string {
  return `${ctx.config.publicUrl}${ctx.config.servicePrefix}verify/${id}`;
}

function trackAwards(ctx: IServiceContext, courseId: string, best: Map<string, number>): IAward[] {
  const course = courseOf(ctx, courseId).summary;
  return course.tracks.flatMap((track) => {
    const rule = track.certificate;
    if (!rule || !ruleMet(ctx, courseId, rule, best)) return [];
    return [
      {
        id: track.id,
        title: rule.title ?? `${track.title} — ${course.title}`,
        description: track.description || `The ${track.title} track of ${course.title}.`,
        criteria: criteriaText(ctx, courseId, rule),
        achievementPath: `${courseId}/${track.id}`,
        type: 'Certificate' as const
      }
    ];
  });
}

/**
 * Issues every certificate and module badge of the course the learner has earned and not yet
 * received. Safe to call any number of times, concurrently too: the store keeps one per learner
 * and track or module, and calls for the same award share one signing.
 */
export async function issueEarnedCertificates(ctx: IServiceContext, user: string, courseId: string): Promise<ICertificateRow[]> {
  courseOf(ctx, courseId);
  const best = await ctx.store.bestScores(user, courseId);
  const awards = [...trackAwards(ctx, courseId, best), ...moduleAwards(ctx, courseId, best)];
  if (awards.length === 0) return [];
  const have = new Set((await ctx.store.listCertificates(user)).filter((c) => c.course === courseId).map((c) => c.track));
  const issued: ICertificateRow[] = [];
  for (const award of awards) {
    if (have.has(award.id)) continue;
    const key = `${user}\u0000${courseId}\u0000${award.id}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = issueOne(ctx, user, courseId, award, best).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    const row = await pending;
    if (row) issued.push(row);
  }
  return issued;
}

function ruleMet(ctx: IServiceContext, courseId: string, rule: CertificateRule, best: Map<string, number>): boolean {
  const course = courseOf(ctx, courseId);
  const passes = (assessmentId: string, min: number): boolean => {
    const assessment = course.assessments.get(assessmentId);
    const score = best.get(assessmentId);
    return assessment !== undefined && score !== undefined && score >= Math.max(min, assessment.passMark);
  };
  if (!rule.requiredAssessments.every((a) => passes(a, rule.minScore ?? 0))) return false;
  return !rule.project || passes(rule.project.assessment, rule.project.minScore);
}

async function issueOne(ctx: IServiceContext, user: string, courseId: string, award: IAward, best: Map<string, number>): Promise<ICertificateRow | null> {
  const id = uuidv7(ctx.now());
  const issuedAt = ctx.now();
  const statusIndex = await ctx.store.nextStatusIndex();
  const credential = buildCredential({
    id,
    issuer: { id: issuerId(ctx), name: ctx.config.issuerName, url: `${ctx.config.publicUrl}/` },
    learner: user,
    achievement: {
      id: `${issuerId(ctx)}/achievements/${award.achievementPath}`,
      name: award.title,
      description: award.description,
      criteria: award.criteria,
      type: award.type,
      ...(award.image ? { image: award.image } : {})
    },
    validFrom: new Date(issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    status: statusEntry(statusIndex, (list) => ctx.statusLists.url(ctx, list))
  });
  const signed = await ctx.certificateWork.sign(credential, ctx.issuer.keys);
  const { created, certificate } = await ctx.store.insertCertificate({
    id,
    user,
    course: courseId,
    track: award.id,
    title: award.title,
    credential: signed.credential,
    jwt: signed.jwt,
    issuedAt,
    revokedAt: null,
    revokedBy: null,
    revokedReason: null,
    statusIndex
  });
  if (!created) return null;
  ctx.log.info(award.type === 'Badge' ? 'module badge issued' : 'certificate issued', { user, course: courseId, award: award.id, id, best: Object.fromEntries(best) });
  const summary = summaryOf(ctx, certificate);
  if (award.type === 'Badge') ctx.events.publish(user, { type: 'badge.issued', badge: badgeSummaryOf(ctx, summary, certificate) });
  else ctx.events.publish(user, { type: 'certificate.issued', certificate: summary });
  publishActivity(ctx, user, courseId, { kind: 'certificate' });
  return certificate;
}

function criteriaText(ctx: IServiceContext, courseId: string, rule: CertificateRule): string {
  const course = courseOf(ctx, courseId);
  const names = rule.requiredAssessments.map((a) => course.assessments.get(a)?.title ?? a);
  const min = rule.minScore === undefined ? 'its pass mark' : `at least ${Math.round(rule.minScore * 100)} % and its pass mark`;
  const project = rule.project ? ` and the practical project (${course.assessments.get(rule.project.assessment)?.title ?? rule.project.assessment}) with at least ${Math.round(rule.project.minScore * 100)} %` : '';
  return `Passed each of: ${names.join('; ')} (${min})${project}.`;
}

export function summaryOf(ctx: IServiceContext, c: ICertificateRow): CertificateSummary {
  const base = `${ctx.config.servicePrefix}api/certificates/${c.id}`;
  return {
    id: c.id,
    courseId: c.course,
    trackId: c.track,
    title: c.title,
    issuedAt: new Date(c.issuedAt).toISOString(),
    revoked: c.revokedAt !== null,
    revokedReason: c.revokedReason,
    verifyUrl: verifyUrl(ctx, c.id),
    pdfUrl: `${base}/certificate.pdf`,
    credentialUrl: `${base}/credential.json`
  };
}

/** The learner's certificates and badges; anything earned but not yet issued (e.g. after a crash) is issued first. */
export async function myAwards(ctx: IServiceContext, actor: IActor): Promise<ICertificateRow[]> {
  for (const courseId of ctx.content.courses.keys()) await issueEarnedCertificates(ctx, actor.user, courseId);
  return ctx.store.listCertificates(actor.user);
}

/** The learner's track certificates (module badges are listed at api/badges). */
export async function listMyCertificates(ctx: IServiceContext, actor: IActor): Promise<CertificateSummary[]> {
  return (await myAwards(ctx, actor)).filter((c) => !isModuleBadge(ctx, c)).map((c) => summaryOf(ctx, c));
}

/** The learner's module badges, with their artwork. */
export async function listMyBadges(ctx: IServiceContext, actor: IActor): Promise<BadgeSummary[]> {
  return (await myAwards(ctx, actor)).filter((c) => isModuleBadge(ctx, c)).map((c) => badgeSummaryOf(ctx, summaryOf(ctx, c), c));
}

export async function certificateOrThrow(ctx: IServiceContext, id: string): Promise<ICertificateRow> {
  const row = await ctx.store.getCertificate(id);
  if (!row) throw notFound('Certificate');
  return row;
}

export async function certificatePdf(ctx: IServiceContext, id: string): Promise<{ bytes: Buffer; fileName: string }> {
  const c = await certificateOrThrow(ctx, id);
  const course = courseOf(ctx, c.course);
  const best = await ctx.store.bestScores(c.user, c.course);
  const rule = course.summary.tracks.find((t) => t.id === c.track)?.certificate;
  const assessments = rule ? [...rule.requiredAssessments, ...(rule.project ? [rule.project.assessment] : [])] : [];
  const input: ICertificatePdfInput = {
    signed: { credential: c.credential, jwt: c.jwt },
    learner: c.user,
    title: c.title,
    course: course.summary.title,
    issuerName: ctx.config.issuerName,
    issuedAt: new Date(c.issuedAt),
    achievements: assessments.map((a) => ({ title: course.assessments.get(a)?.title ?? a, score: best.get(a) ?? 0 })),
    credentialId: String(c.credential['id']),
    verifyUrl: verifyUrl(ctx, c.id),
    ...(c.revokedAt === null ? {} : { revoked: { at: new Date(c.revokedAt), reason: c.revokedReason } })
  };
  const cache = pdfCacheOf(ctx);
  let bytes = cache.get(c.id, input);
  if (!bytes) {
    bytes = await ctx.certificateWork.pdf(input);
    cache.set(c.id, input, bytes);
  }
  return { bytes, fileName: `${c.course}-${c.track}-certificate.pdf` };
}

export async function certificateStatus(ctx: IServiceContext, id: string): Promise<CertificateStatus> {
  const c = await certificateOrThrow(ctx, id);
  return { id: c.id, revoked: c.revokedAt !== null, revokedAt: c.revokedAt === null ? null : new Date(c.revokedAt).toISOString(), reason: c.revokedReason };
}

export async function revokeCertificate(ctx: IServiceContext, actor: IActor, id: string, reason: string): Promise<CertificateStatus> {
  requireInstructor(actor);
  const c = await certificateOrThrow(ctx, id);
  if (c.revokedAt === null) {
    const revoked = await ctx.store.revokeCertificate(id, actor.user, reason, ctx.now());
    // Its valid-looking PDF is never served again (the cache also keys on the revocation).
    pdfCacheOf(ctx).delete(id);
    // The published list flips this certificate's bit when it is next read.
    ctx.statusLists.invalidate();
    // The learner's sidebar shows it revoked at once, with the reason.
    if (revoked) ctx.events.publish(revoked.user, { type: 'certificate.revoked', certificate: summaryOf(ctx, revoked) });
    if (revoked) publishActivity(ctx, revoked.user, revoked.course, { kind: 'certificate' });
  }
  return certificateStatus(ctx, id);
}

/** Adds new signing keys; earlier keys stay published, so issued certificates keep verifying. */
export async function rotateIssuerKeys(ctx: IServiceContext, actor: IActor): Promise<{ ed25519: string; rsa: string }> {
  if (!actor.roles.includes('admin')) throw forbidden('Only hub admins can rotate the issuer keys.');
  ctx.issuer.keys = await rotateKeys(ctx.issuer.file, ctx.issuer.keys);
  ctx.statusLists.invalidate();
  ctx.log.info('issuer keys rotated', { by: actor.user });
  const ed = ctx.issuer.keys.ed25519.at(-1);
  const rsa = ctx.issuer.keys.rsa.at(-1);
  return { ed25519: ed?.id ?? '', rsa: rsa?.kid ?? '' };
}
