import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCredential } from '../src/certificates/credential.js';
import { loadOrCreateKeys } from '../src/certificates/keys.js';
import { renderCertificatePdf } from '../src/certificates/pdf.js';
import { signCredential } from '../src/certificates/sign.js';

export interface ICertificateFigures {
  runs: number;
  pdfP50Ms: number;
  pdfP95Ms: number;
  signP50Ms: number;
  pdfBytes: number;
}

const pct = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(10 * (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN)) / 10;
};

/** PDF generation (the target) and signing both proofs, warm, over `runs` certificates. */
export async function runCertificateBench(runs = 30): Promise<ICertificateFigures> {
  const issuer = 'http://localhost:8000/services/academy/issuer';
  const keys = await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'voxel-bench-keys-')), 'k.json'), issuer);
  const pdfTimes: number[] = [];
  const signTimes: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 3; i++) {
    const credential = buildCredential({
      id: `018f0000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      issuer: { id: issuer, name: 'Voxel Academy', url: 'http://localhost:8000/' },
      learner: `Łucja Żółkiewska-${i}`,
      achievement: { id: `${issuer}/achievements/mia/foundation`, name: 'Foundation — Medical Image Analysis', description: 'Foundation track', criteria: 'Passed the four Foundation assessments.' },
      validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    });
    let t = performance.now();
    const signed = await signCredential(credential, keys);
    const signMs = performance.now() - t;
    t = performance.now();
    const pdf = await renderCertificatePdf({
      signed,
      learner: `Łucja Żółkiewska-${i}`,
      title: 'Foundation — Medical Image Analysis',
      course: 'Medical Image Analysis',
      issuerName: 'Voxel Academy',
      issuedAt: new Date(),
      achievements: ['Introduction to medical imaging', 'Basic image processing concepts', 'Platform overview', 'First analysis workflow'].map((title, k) => ({ title, score: 0.8 + k * 0.05 })),
      credentialId: String(credential['id']),
      verifyUrl: `http://localhost:8000/services/academy/verify/${i}`
    });
    const pdfMs = performance.now() - t;
    // The first runs warm up JSON-LD caches and font parsing: not what a learner waits for.
    if (i >= 3) {
      pdfTimes.push(pdfMs);
      signTimes.push(signMs);
      bytes = pdf.length;
    }
  }
  return { runs, pdfP50Ms: pct(pdfTimes, 0.5), pdfP95Ms: pct(pdfTimes, 0.95), signP50Ms: pct(signTimes, 0.5), pdfBytes: bytes };
}
