import type { Role } from '@voxel-academy/protocol';
import type { HubUser } from './hub-client.js';

/** Roles are derived, never stored: the hub stays the single source of truth. */
export function rolesOf(user: Pick<HubUser, 'admin' | 'groups'>, instructorGroup: string): Role[] {
  const roles: Role[] = ['learner'];
  if (user.groups.includes(instructorGroup)) roles.push('instructor');
  if (user.admin) roles.push('admin');
  return roles;
}
