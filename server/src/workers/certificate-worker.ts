import { parentPort } from 'node:worker_threads';
import type { IIssuerKeys, IPublicKeys } from '../certificates/keys.js';
import { renderCertificatePdf, type ICertificatePdfInput } from '../certificates/pdf.js';
import { extractCredentialFromPdf } from '../certificates/pdf-extract.js';
import { signCredential } from '../certificates/sign.js';
import { verifyProofs } from '../certificates/verify.js';

/** Signing, PDF rendering and verification: CPU work kept off the server's event loop. */
export type CertificateRequest =
  | { type: 'sign'; credential: Record<string, unknown>; keys: IIssuerKeys }
  | { type: 'pdf'; input: Omit<ICertificatePdfInput, 'issuedAt'> & { issuedAt: number } }
  | { type: 'verify'; input: { credential?: Record<string, unknown>; jwt?: string }; keys: IPublicKeys; now: number }
  | { type: 'verify-pdf'; bytes: Uint8Array; keys: IPublicKeys; now: number };

async function handle(request: CertificateRequest): Promise<unknown> {
  switch (request.type) {
    case 'sign':
      return signCredential(request.credential, request.keys);
    case 'pdf':
      return new Uint8Array(await renderCertificatePdf({ ...request.input, issuedAt: new Date(request.input.issuedAt) }));
    case 'verify':
      return verifyProofs(request.input, request.keys, new Date(request.now));
    case 'verify-pdf': {
      const attached = await extractCredentialFromPdf(request.bytes);
      if (!attached) return null;
      return { attached, report: await verifyProofs(attached, request.keys, new Date(request.now)) };
    }
  }
}

const port = parentPort;
if (!port) throw new Error('certificate-worker.js runs as a worker thread of the course server');
port.on('message', async (msg: { id: number; request: CertificateRequest }) => {
  try {
    port.postMessage({ id: msg.id, ok: true, value: await handle(msg.request) });
  } catch (err) {
    port.postMessage({ id: msg.id, ok: false, code: 'internal', message: err instanceof Error ? err.message : String(err) });
  }
});
