import type { CredentialKind } from '@voxel-academy/protocol';
import { OB_V3, VC_V2 } from './contexts.js';
import type { IStatusEntry } from './status-list.js';

export interface ICredentialInput {
  id: string;
  issuer: { id: string; name: string; url: string };
  learner: string;
  achievement: {
    id: string;
    name: string;
    description: string;
    criteria: string;
    /** Open Badges achievement type: a track's certificate, or a module's badge. Default Certificate. */
    type?: 'Certificate' | 'Badge';
    /** The badge's artwork as a data: URI (an Image in OB 3.0), so the credential carries it. */
    image?: string;
  };
  /** ISO date-time without fractions, as VC 2.0 examples use. */
  validFrom: string;
  /** Where the issuer publishes this credential's revocation bit (W3C Bitstring Status List). */
  status?: IStatusEntry;
}

/**
 * An OpenBadgeCredential (Open Badges 3.0 data model on VC 2.0): issuer Profile,
 * AchievementSubject with the achievement and its criteria, validFrom and id. The learner is
 * named by an IdentityObject (hub user name), not an email. Revocation is published in the
 * issuer's signed Bitstring Status List named by `credentialStatus` (the type is defined by
 * the VC 2.0 context, so safe-mode JSON-LD accepts it with the bundled contexts).
 */
export function buildCredential(input: ICredentialInput): Record<string, unknown> {
  return {
    '@context': [VC_V2, OB_V3],
    id: `urn:uuid:${input.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name, url: input.issuer.url },
    validFrom: input.validFrom,
    ...(input.status ? { credentialStatus: input.status } : {}),
    name: input.achievement.name,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: input.learner, identityType: 'name', hashed: false }],
      achievement: {
        id: input.achievement.id,
        type: ['Achievement'],
        achievementType: input.achievement.type ?? 'Certificate',
        name: input.achievement.name,
        description: input.achievement.description,
        criteria: { narrative: input.achievement.criteria },
        ...(input.achievement.image ? { image: { id: input.achievement.image, type: 'Image' } } : {})
      }
    }
  };
}

/** Fields a person reads off a credential (for the verification page and the PDF). */
export interface ICredentialFacts {
  id: string;
  learner: string;
  achievement: string;
  description: string;
  issuerId: string;
  issuerName: string;
  validFrom: string;
  validUntil: string | null;
  /** As the signed credential says (its achievementType). */
  kind: CredentialKind;
}

export function factsOf(credential: Record<string, unknown>): ICredentialFacts {
  const subject = (credential['credentialSubject'] ?? {}) as Record<string, unknown>;
  const identifier = ((subject['identifier'] as Array<Record<string, unknown>> | undefined) ?? [])[0] ?? {};
  const achievement = (subject['achievement'] ?? {}) as Record<string, unknown>;
  const issuer = credential['issuer'];
  const issuerObject = (typeof issuer === 'object' && issuer !== null ? issuer : { id: issuer }) as Record<string, unknown>;
  return {
    id: String(credential['id'] ?? ''),
    learner: String(identifier['identityHash'] ?? ''),
    achievement: String(achievement['name'] ?? ''),
    description: String(achievement['description'] ?? ''),
    issuerId: String(issuerObject['id'] ?? ''),
    issuerName: String(issuerObject['name'] ?? ''),
    validFrom: String(credential['validFrom'] ?? ''),
    validUntil: typeof credential['validUntil'] === 'string' ? credential['validUntil'] : null,
    kind: achievement['achievementType'] === 'Badge' ? 'badge' : 'certificate'
  };
}
