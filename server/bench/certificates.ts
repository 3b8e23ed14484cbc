import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { buildCredential } from '../src/certificates/credential.js';
import { loadOrCreateKeys } from '../src/certificates/keys.js';
import { collect, drawCertificatePage, FONT_FILES, PAGE_OPTIONS, type ICertificatePdfInput } from '../src/certificates/pdf.js';
import { PooledCertificateWork } from '../src/workers/certificate-work.js';

export interface ICertificateFigures {
  runs: number;
  /** Issuing: both proofs signed and the PDF rendered, on the server's certificate worker thread. */
  issueP50Ms: number;
  issueP95Ms: number;
  signP50Ms: number;
  pdfP50Ms: number;
  pdfBytes: number;
  /** The anchor: pdfkit alone drawing the same page (fonts from their files, no proofs, no attachment). */
  bareP50Ms: number;
  /** Issue + PDF p50 over bare pdfkit p50. */
  ratio: number;
}

const pct = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(10 * (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN)) / 10;
};

/** What most pdfkit code does: a document, its fonts registered from their files, the page, end. */
async function barePdfkit(input: ICertificatePdfInput): Promise<Buffer> {
  const doc = new PDFDocument(PAGE_OPTIONS);
  const done = collect(doc);
  doc.registerFont('regular', FONT_FILES.regular).registerFont('bold', FONT_FILES.bold).registerFont('serif', FONT_FILES.serif);
  drawCertificatePage(doc, input);
  doc.end();
  return done;
}

/**
 * Certificate issue (both proofs, then the PDF) through the server's own worker pool, against
 * bare pdfkit drawing the same page on the main thread; interleaved run by run, warm.
 */
export async function runCertificateBench(runs = 30): Promise<ICertificateFigures> {
  const issuer = 'http://localhost:8000/services/academy/issuer';
  const keys = await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'voxel-bench-keys-')), 'k.json'), issuer);
  const work = new PooledCertificateWork({ maxQueue: 8, taskTimeoutMs: 30_000, verifyTimeoutMs: 30_000 });
  const issue: number[] = [];
  const sign: number[] = [];
  const pdf: number[] = [];
  const bare: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < runs + 3; i++) {
      const credential = buildCredential({
        id: `018f0000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        issuer: { id: issuer, name: 'Voxel Academy', url: 'http://localhost:8000/' },
        learner: `Łucja Żółkiewska-${i}`,
        achievement: { id: `${issuer}/achievements/mia/foundation`, name: 'Foundation — Medical Image Analysis', description: 'Foundation track', criteria: 'Passed the four Foundation assessments.' },
        validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
      });
      const start = performance.now();
      const signed = await work.sign(credential, keys);
      const signedAt = performance.now();
      const input: ICertificatePdfInput = {
        signed,
        learner: `Łucja Żółkiewska-${i}`,
        title: 'Foundation — Medical Image Analysis',
        course: 'Medical Image Analysis',
        issuerName: 'Voxel Academy',
        issuedAt: new Date(),
        achievements: ['Introduction to medical imaging', 'Basic image processing concepts', 'Platform overview', 'First analysis workflow'].map((title, k) => ({ title, score: 0.8 + k * 0.05 })),
        credentialId: String(credential['id']),
        verifyUrl: `http://localhost:8000/services/academy/verify/${i}`
      };
      const file = await work.pdf(input);
      const end = performance.now();
      const t = performance.now();
      await barePdfkit(input);
      const bareMs = performance.now() - t;
      // The first runs warm up JSON-LD caches, the worker's modules and font parsing: not what a learner waits for.
      if (i >= 3) {
        issue.push(end - start);
        sign.push(signedAt - start);
        pdf.push(end - signedAt);
        bare.push(bareMs);
        bytes = file.length;
      }
    }
  } finally {
    await work.close();
  }
  const issueP50Ms = pct(issue, 0.5);
  const bareP50Ms = pct(bare, 0.5);
  return {
    runs,
    issueP50Ms,
    issueP95Ms: pct(issue, 0.95),
    signP50Ms: pct(sign, 0.5),
    pdfP50Ms: pct(pdf, 0.5),
    pdfBytes: bytes,
    bareP50Ms,
    ratio: Math.round((100 * issueP50Ms) / bareP50Ms) / 100
  };
}
