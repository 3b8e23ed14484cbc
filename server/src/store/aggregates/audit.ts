/** The audit log: every write method records its entry in its own transaction; this reads them. */
export interface IAuditStore {
  audit(filter: { since?: number; limit: number }): Promise<IAuditRow[]>;
}

export interface IAuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  data: Record<string, unknown> | null;
}
