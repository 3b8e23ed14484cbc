/** Issued certificates and the issuer's Bitstring Status List positions. */
export interface ICertificateStore {
  /** The next free position in the issuer's Bitstring Status List (never reused). */
  nextStatusIndex(): Promise<number>;
  /** Positions handed out so far, and those of revoked certificates. */
  statusListState(): Promise<{ allocated: number; revoked: number[] }>;
  /** Inserts unless the learner already has this track's certificate; returns the one stored. */
  insertCertificate(row: ICertificateRow): Promise<{ created: boolean; certificate: ICertificateRow }>;
  getCertificate(id: string): Promise<ICertificateRow | undefined>;
  listCertificates(user: string): Promise<ICertificateRow[]>;
  revokeCertificate(id: string, by: string, reason: string, at: number): Promise<ICertificateRow | undefined>;
}

export interface ICertificateRow {
  id: string;
  user: string;
  course: string;
  track: string;
  title: string;
  credential: Record<string, unknown>;
  jwt: string;
  issuedAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  revokedReason: string | null;
  /** Position in the Bitstring Status List its credential names (null: issued before status lists). */
  statusIndex: number | null;
}
