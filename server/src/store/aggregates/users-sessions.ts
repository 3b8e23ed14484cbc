import type { Role } from '@voxel-academy/protocol';

/** Users as the hub last reported them, and the course server's browser sessions. */
export interface IUserSessionStore {
  upsertUser(name: string, roles: Role[], now: number): Promise<void>;
  createSession(row: ISessionRow): Promise<void>;
  getSession(idHash: string): Promise<ISessionRow | undefined>;
  refreshSession(idHash: string, roles: Role[], checkedAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  pruneSessions(now: number): Promise<number>;
}

export interface ISessionRow {
  idHash: string;
  user: string;
  roles: Role[];
  hubToken: string;
  checkedAt: number;
  expiresAt: number;
}
