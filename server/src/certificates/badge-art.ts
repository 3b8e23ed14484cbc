import { createHash } from 'node:crypto';

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Up to two letters that stand for a title: the first letters of its first two words. */
function monogram(title: string): string {
  const words = title.match(/\p{L}[\p{L}\p{N}]*/gu) ?? [];
  return words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * A module badge's artwork, generated from the module (no files to draw or ship): a hexagon
 * in a colour of its own (from a hash of the course and module ids, so it never changes), the
 * module's monogram, and the course title along the bottom. Returned as a data: URI so the
 * credential carries it and the sidebar needs no request to show it.
 */
export function badgeArtwork(courseId: string, moduleId: string, moduleTitle: string, courseTitle: string): string {
  const hash = createHash('sha256').update(`${courseId}/${moduleId}`).digest();
  const hue = Math.round(((hash[0] ?? 0) * 360) / 256);
  const dark = `hsl(${hue} 55% 30%)`;
  const light = `hsl(${hue} 60% 45%)`;
  const course = courseTitle.length > 26 ? `${courseTitle.slice(0, 25)}…` : courseTitle;
  const svg = [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120" role="img">',
    `<title>${escapeXml(moduleTitle)}</title>`,
    `<polygon points="60,4 110,32 110,88 60,116 10,88 10,32" fill="${light}" stroke="${dark}" stroke-width="6"/>`,
    `<polygon points="60,18 98,40 98,80 60,102 22,80 22,40" fill="none" stroke="#ffffff" stroke-opacity="0.55" stroke-width="2"/>`,
    `<text x="60" y="70" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="30" font-weight="bold" fill="#ffffff">${escapeXml(monogram(moduleTitle))}</text>`,
    `<text x="60" y="90" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="7" fill="#ffffff">${escapeXml(course)}</text>`,
    '</svg>'
  ].join('');
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
