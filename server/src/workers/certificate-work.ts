import type { IIssuerKeys, IPublicKeys } from '../certificates/keys.js';
import type { ICertificatePdfInput } from '../certificates/pdf.js';
import type { ISignedCredential } from '../certificates/sign.js';
import type { IProofReport } from '../certificates/verify.js';
import type { CertificateRequest } from './certificate-worker.js';
import { WorkerPool } from './pool.js';

/** Always the compiled worker, also under tests of the sources (see image-work.ts). */
const WORKER_FILE = new URL('../../dist/workers/certificate-worker.js', import.meta.url);

export interface ICertificateWork {
  sign(credential: Record<string, unknown>, keys: IIssuerKeys): Promise<ISignedCredential>;
  pdf(input: ICertificatePdfInput): Promise<Buffer>;
  verify(input: { credential?: Record<string, unknown>; jwt?: string }, keys: IPublicKeys, now: Date): Promise<IProofReport>;
  verifyPdf(bytes: Uint8Array, keys: IPublicKeys, now: Date): Promise<{ attached: { credential?: Record<string, unknown>; jwt?: string }; report: IProofReport } | null>;
  close(): Promise<void>;
}

export class PooledCertificateWork implements ICertificateWork {
  private readonly pool: WorkerPool;

  constructor(size: number) {
    this.pool = new WorkerPool(WORKER_FILE, size, null);
  }

  sign(credential: Record<string, unknown>, keys: IIssuerKeys): Promise<ISignedCredential> {
    return this.run({ type: 'sign', credential, keys });
  }

  async pdf(input: ICertificatePdfInput): Promise<Buffer> {
    const bytes = await this.run<Uint8Array>({ type: 'pdf', input: { ...input, issuedAt: input.issuedAt.getTime() } });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  verify(input: { credential?: Record<string, unknown>; jwt?: string }, keys: IPublicKeys, now: Date): Promise<IProofReport> {
    return this.run({ type: 'verify', input, keys, now: now.getTime() });
  }

  verifyPdf(bytes: Uint8Array, keys: IPublicKeys, now: Date) {
    return this.run<{ attached: { credential?: Record<string, unknown>; jwt?: string }; report: IProofReport } | null>({
      type: 'verify-pdf',
      bytes,
      keys,
      now: now.getTime()
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private run<T>(request: CertificateRequest): Promise<T> {
    return this.pool.run<T>(request);
  }
}
