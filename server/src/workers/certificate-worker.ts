import type { IIssuerKeys, IPublicKeys } from '../certificates/keys.js';
import { renderCertificatePdf, type ICertificatePdfInput } from '../certificates/pdf.js';
import { PdfTooComplexError, type IAttached } from '../certificates/pdf-extract.js';
import { signCredential } from '../certificates/sign.js';
import { NotACertificateError, readUploadedCertificate } from '../certificates/upload.js';
import { verifyProofs, type IProofReport } from '../certificates/verify.js';
import { warmUpCertificateWork } from '../certificates/warm-up.js';
import { workerTask } from './worker-task.js';

/** Signing, PDF rendering and verification: CPU work kept off the server's event loop. */
export type CertificateRequest =
  | { type: 'sign'; credential: Record<string, unknown>; keys: IIssuerKeys }
  | { type: 'pdf'; input: Omit<ICertificatePdfInput, 'issuedAt'> & { issuedAt: number } }
  | { type: 'verify'; input: IAttached; keys: IPublicKeys; now: number; statusLists: Record<string, unknown>[] }
  | { type: 'verify-upload'; bytes: Uint8Array; keys: IPublicKeys; now: number; statusLists: Record<string, unknown>[] };

/** What a verified upload held: the credential found (null: a PDF without our attachment) and its report. */
export interface IUploadVerdict {
  from: 'pdf' | 'json' | 'jwt';
  attached: IAttached | null;
  report: IProofReport | null;
}

async function handle(request: CertificateRequest): Promise<unknown> {
  switch (request.type) {
    case 'sign':
      return signCredential(request.credential, request.keys);
    case 'pdf':
      return new Uint8Array(await renderCertificatePdf({ ...request.input, issuedAt: new Date(request.input.issuedAt) }));
    case 'verify':
      return verifyProofs(request.input, request.keys, new Date(request.now), request.statusLists);
    case 'verify-upload': {
      const { from, attached } = await readUploadedCertificate(request.bytes);
      const verdict: IUploadVerdict = { from, attached, report: attached ? await verifyProofs(attached, request.keys, new Date(request.now), request.statusLists) : null };
      return verdict;
    }
  }
}

export default workerTask(
  handle,
  (err) => (err instanceof PdfTooComplexError ? 'too_complex' : err instanceof NotACertificateError ? 'bad_request' : null),
  warmUpCertificateWork
);
