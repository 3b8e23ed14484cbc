import { z } from 'zod';
import { Slug } from './catalog.js';


/** GET api/certificates — the learner's own certificates. */
export const CertificateSummary = z.object({
  id: z.string(),
  courseId: Slug,
  trackId: Slug,
  title: z.string(),
  issuedAt: z.iso.datetime(),
  revoked: z.boolean(),
  revokedReason: z.string().nullable(),
  /** Public page anyone can open to check the certificate. */
  verifyUrl: z.string(),
  pdfUrl: z.string(),
  credentialUrl: z.string()
});
export type CertificateSummary = z.infer<typeof CertificateSummary>;

/** GET api/badges — a module badge: an Open Badges 3.0 credential like a certificate, with its artwork. */
export const BadgeSummary = z.object({
  id: z.string(),
  courseId: Slug,
  moduleId: Slug,
  title: z.string(),
  issuedAt: z.iso.datetime(),
  revoked: z.boolean(),
  revokedReason: z.string().nullable(),
  verifyUrl: z.string(),
  credentialUrl: z.string(),
  /** The badge's artwork (an SVG data: URI), as the credential carries it. */
  image: z.string().startsWith('data:image/svg+xml;base64,')
});
export type BadgeSummary = z.infer<typeof BadgeSummary>;

export const VerificationCheck = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });

/** GET api/verify/:id and POST api/verify — the outcome of checking a certificate. */
/** What a signed credential is: a module badge (achievementType Badge) or a track's certificate. */
export const CredentialKind = z.enum(['badge', 'certificate']);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const VerificationResult = z.object({
  status: z.enum(['valid', 'revoked', 'expired', 'invalid']),
  /** One sentence for people: why it is or is not valid. */
  summary: z.string(),
  checks: z.array(VerificationCheck),
  certificate: z
    .object({
      id: z.string(),
      learner: z.string(),
      achievement: z.string(),
      course: z.string(),
      issuer: z.string(),
      issuedAt: z.string(),
      revokedReason: z.string().nullable(),
      /** The page and the summary word themselves after it. */
      kind: CredentialKind
    })
    .nullable()
});
export type VerificationResult = z.infer<typeof VerificationResult>;

/** POST api/certificates/:id/revoke — instructors only. */
export const RevokeRequest = z.object({ reason: z.string().trim().min(3).max(500) });
export type RevokeRequest = z.infer<typeof RevokeRequest>;

/** GET api/certificates/:id/status — public revocation status. */
export const CertificateStatus = z.object({
  id: z.string(),
  revoked: z.boolean(),
  revokedAt: z.iso.datetime().nullable(),
  reason: z.string().nullable()
});
export type CertificateStatus = z.infer<typeof CertificateStatus>;
