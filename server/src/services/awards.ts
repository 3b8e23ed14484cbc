/** What an issued credential attests: a track's certificate, or a module's badge (see badges.ts). */
export interface IAward {
  /** The track or module id, kept in the certificate row's `track` (ids are unique across a course). */
  id: string;
  title: string;
  description: string;
  criteria: string;
  /** Under the issuer's achievements: `<course>/<track>` or `<course>/modules/<module>`. */
  achievementPath: string;
  type: 'Certificate' | 'Badge';
  image?: string;
}
