/** One line of a verification report: what was checked, whether it passed, and why, in words. */
export interface ICheck {
  name: string;
  ok: boolean;
  detail: string;
}
