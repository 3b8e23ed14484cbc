import type { IIssuerKeys, IPublicKeys } from '../certificates/keys.js';
import type { ICertificatePdfInput } from '../certificates/pdf.js';
import type { IAttached } from '../certificates/pdf-extract.js';
import type { ISignedCredential } from '../certificates/sign.js';
import type { IProofReport } from '../certificates/verify.js';
import type { CertificateRequest, IUploadVerdict } from './certificate-worker.js';
import { poolErrorToService } from './pool-errors.js';
import { TaskPool } from './task-pool.js';

export type { IUploadVerdict } from './certificate-worker.js';

/** Always the compiled worker, also under tests of the sources (see image-work.ts). */
const WORKER_FILE = new URL('../../dist/workers/certificate-worker.js', import.meta.url);

export interface ICertificateWork {
  sign(credential: Record<string, unknown>, keys: IIssuerKeys): Promise<ISignedCredential>;
  pdf(input: ICertificatePdfInput): Promise<Buffer>;
  /** Checks a credential this server stored (verification by id) against the signed status lists. */
  verify(input: IAttached, keys: IPublicKeys, now: Date, statusLists: Record<string, unknown>[]): Promise<IProofReport>;
  /** Reads and checks whatever anyone uploaded (PDF, credential JSON, VC-JWT). */
  verifyUpload(bytes: Uint8Array, keys: IPublicKeys, now: Date, statusLists: Record<string, unknown>[]): Promise<IUploadVerdict>;
  close(): Promise<void>;
}

export interface ICertificatePoolLimits {
  maxQueue: number;
  /** Time limit of signing, rendering and verifying stored credentials. */
  taskTimeoutMs: number;
  /** Time limit of checking an upload from anyone (a parser can be made slow on purpose). */
  verifyTimeoutMs: number;
}

/**
 * Two pools: the learners' certificate work (issuing, PDF, verification by id) and public
 * uploads to verify. Anonymous uploads can fill only their own small queue, so they never
 * delay a learner's certificate.
 */
export class PooledCertificateWork implements ICertificateWork {
  private readonly certificates: TaskPool;
  private readonly verification: TaskPool;

  constructor(limits: ICertificatePoolLimits) {
    this.certificates = new TaskPool({ name: 'certificates', file: WORKER_FILE, threads: 1, maxQueue: limits.maxQueue, taskTimeoutMs: limits.taskTimeoutMs, maxHeapMb: 256, nice: 5 });
    this.verification = new TaskPool({
      name: 'verification',
      file: WORKER_FILE,
      threads: 1,
      maxQueue: Math.max(1, Math.min(8, limits.maxQueue)),
      taskTimeoutMs: limits.verifyTimeoutMs,
      maxHeapMb: 256,
      // Anyone's uploads: the least urgent work on the machine.
      nice: 19
    });
  }

  sign(credential: Record<string, unknown>, keys: IIssuerKeys): Promise<ISignedCredential> {
    return this.run(this.certificates, { type: 'sign', credential, keys });
  }

  async pdf(input: ICertificatePdfInput): Promise<Buffer> {
    const bytes = await this.run<Uint8Array>(this.certificates, { type: 'pdf', input: { ...input, issuedAt: input.issuedAt.getTime() } });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  verify(input: IAttached, keys: IPublicKeys, now: Date, statusLists: Record<string, unknown>[]): Promise<IProofReport> {
    return this.run(this.certificates, { type: 'verify', input, keys, now: now.getTime(), statusLists });
  }

  verifyUpload(bytes: Uint8Array, keys: IPublicKeys, now: Date, statusLists: Record<string, unknown>[]): Promise<IUploadVerdict> {
    return this.run(this.verification, { type: 'verify-upload', bytes, keys, now: now.getTime(), statusLists }, 'This file');
  }

  stats(): Record<string, ReturnType<TaskPool['stats']>> {
    return { certificates: this.certificates.stats(), verification: this.verification.stats() };
  }

  async close(): Promise<void> {
    await Promise.all([this.certificates.close(), this.verification.close()]);
  }

  private async run<T>(pool: TaskPool, request: CertificateRequest, subject = 'This certificate'): Promise<T> {
    try {
      return await pool.run<T>(request);
    } catch (err) {
      throw poolErrorToService(err, subject);
    }
  }
}
