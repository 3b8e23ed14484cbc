import type { BadgeSummary, CertificateSummary } from '@voxel-academy/protocol';
import { badgeArtwork } from '../certificates/badge-art.js';
import type { ICertificateRow } from '../store/types.js';
import type { IAward } from './awards.js';
import { courseOf, type IServiceContext } from './context.js';

/**
 * Module badges: one Open Badges 3.0 credential per completed module, signed, listed, revoked
 * and verified exactly like a track's certificate (they share its table, keyed by the module id,
 * which no track or lesson of the course may reuse). A module is complete when every available
 * lesson of it that has an assessment is passed at its pass mark; modules without one award none.
 */
export function moduleAwards(ctx: IServiceContext, courseId: string, best: Map<string, number>): IAward[] {
  const course = courseOf(ctx, courseId);
  const awards: IAward[] = [];
  for (const track of course.summary.tracks) {
    for (const mod of track.modules) {
      const assessed = mod.lessons.filter((l) => l.status === 'available' && l.assessment !== undefined);
      const assessments = assessed.map((l) => course.assessments.get(l.assessment ?? ''));
      if (assessed.length === 0) continue;
      const passed = assessments.every((a) => a !== undefined && (best.get(a.id) ?? -1) >= a.passMark);
      if (!passed) continue;
      const titles = assessed.map((l) => l.title);
      awards.push({
        id: mod.id,
        title: `${mod.title} — ${course.summary.title}`,
        description: `The ${mod.title} module of the ${track.title} track of ${course.summary.title}.`,
        criteria: `Passed the assessment of each lesson of the module at its pass mark: ${titles.join('; ')}.`,
        achievementPath: `${courseId}/modules/${mod.id}`,
        type: 'Badge',
        image: badgeArtwork(courseId, mod.id, mod.title, course.summary.title)
      });
    }
  }
  return awards;
}

/** Whether a stored credential is a module's badge (else a track's certificate). */
export function isModuleBadge(ctx: IServiceContext, row: ICertificateRow): boolean {
  const course = ctx.content.courses.get(row.course);
  return course?.summary.tracks.some((t) => t.modules.some((m) => m.id === row.track)) ?? false;
}

/** The badge as the learner's sidebar lists it: the certificate links, and the artwork the credential carries. */
export function badgeSummaryOf(ctx: IServiceContext, summary: CertificateSummary, row: ICertificateRow): BadgeSummary {
  const subject = (row.credential['credentialSubject'] ?? {}) as { achievement?: { image?: { id?: unknown } } };
  const carried = subject.achievement?.image?.id;
  const course = ctx.content.courses.get(row.course);
  const mod = course?.summary.tracks.flatMap((t) => t.modules).find((m) => m.id === row.track);
  const image = typeof carried === 'string' && carried.startsWith('data:image/svg+xml;base64,') ? carried : badgeArtwork(row.course, row.track, mod?.title ?? row.title, course?.summary.title ?? row.course);
  return {
    id: summary.id,
    courseId: summary.courseId,
    moduleId: row.track,
    title: summary.title,
    issuedAt: summary.issuedAt,
    revoked: summary.revoked,
    revokedReason: summary.revokedReason,
    verifyUrl: summary.verifyUrl,
    credentialUrl: summary.credentialUrl,
    image
  };
}
