/** A course leaderboard's members (opt-in, under pseudonyms) and the instructors' switch. */
export interface ILeaderboardStore {
  /**
   * Joins (or renames: one entry per learner and course). `taken` when another learner of the
   * course already uses the pseudonym, compared without case.
   */
  join(entry: ILeaderboardEntry): Promise<'joined' | 'taken'>;
  /** Leaves; nothing of the entry is kept. */
  leave(user: string, course: string): Promise<void>;
  entries(course: string): Promise<ILeaderboardEntry[]>;
  /** Instructors' switch, with an audit entry (a course nobody switched is not disabled). */
  setDisabled(course: string, disabled: boolean, by: string, at: number): Promise<void>;
  disabled(course: string): Promise<boolean>;
}

export interface ILeaderboardEntry {
  user: string;
  course: string;
  pseudonym: string;
  joinedAt: number;
}

/** The unique form of a pseudonym: what two learners may not share. */
export const pseudonymKey = (pseudonym: string): string => pseudonym.normalize('NFKC').toLowerCase();
