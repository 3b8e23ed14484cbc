import * as fontkit from 'fontkit';
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ISignedCredential } from './sign.js';

export interface ICertificatePdfInput {
  signed: ISignedCredential;
  learner: string;
  title: string;
  course: string;
  issuerName: string;
  issuedAt: Date;
  /** Assessment titles with the learner's best score (0–1). */
  achievements: Array<{ title: string; score: number }>;
  credentialId: string;
  verifyUrl: string;
  /** Set once the certificate is revoked: the page then says so, above everything else. */
  revoked?: { at: Date; reason: string | null };
}

// Debian's DejaVu draws names the PDF standard fonts cannot (Polish, Cyrillic, Greek…).
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
type FontName = 'regular' | 'bold' | 'serif';
/** The page's fonts as files (or PDF standard font names when DejaVu is missing). */
export const FONT_FILES: Record<FontName, string> = existsSync(`${FONT_DIR}/DejaVuSans.ttf`)
  ? { regular: `${FONT_DIR}/DejaVuSans.ttf`, bold: `${FONT_DIR}/DejaVuSans-Bold.ttf`, serif: `${FONT_DIR}/DejaVuSerif-Bold.ttf` }
  : { regular: 'Helvetica', bold: 'Helvetica-Bold', serif: 'Times-Bold' };

/** The PDFDocument options of the page (the bench's bare-pdfkit anchor uses the same). */
export const PAGE_OPTIONS = { size: 'A4', layout: 'landscape', margin: 0 } as const;

let parsedFonts: Record<FontName, fontkit.Font> | null | undefined;

/**
 * Parsing three TrueType fonts was most of a certificate's rendering time (~45 of ~50 ms
 * here). Parsed once per process (a worker thread), then shared by every document: pdfkit
 * still subsets each one per document, and fontkit's glyph caches make that quicker too.
 */
function preparedFonts(): Record<FontName, fontkit.Font> | null {
  if (parsedFonts === undefined) {
    parsedFonts = FONT_FILES.regular.startsWith('/')
      ? { regular: parse(FONT_FILES.regular), bold: parse(FONT_FILES.bold), serif: parse(FONT_FILES.serif) }
      : null;
  }
  return parsedFonts;
}

const parse = (file: string): fontkit.Font => fontkit.create(readFileSync(file));

/** What the footer tells a reader: the attachment is the signed certificate, the page is a picture of it. */
export const SIGNED_NOTICE = 'What is signed is the credential.json attached to this PDF (Open Badges 3.0, Data Integrity and VC-JWT proofs), not this printed page.';
export const COMPARE_NOTICE = 'The verification page shows the signed name, achievement and date: compare them with this page.';

const INK = '#1d2330';
const ACCENT = '#0b5cad';
const MUTED = '#5b6472';
const REVOKED = '#a11d1d';
export const REVOKED_NOTICE = 'REVOKED — this certificate is no longer valid. Revoked';

/** A one-page landscape certificate with a vector QR code and the signed credential attached. */
export async function renderCertificatePdf(input: ICertificatePdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    ...PAGE_OPTIONS,
    info: {
      Title: `${input.revoked ? 'REVOKED — ' : ''}${input.title} — ${input.learner}`,
      Author: input.issuerName,
      Subject: input.course,
      Keywords: 'Open Badges 3.0, verifiable credential'
    }
  });
  const done = collect(doc);
  const fonts = preparedFonts();
  if (fonts) doc.registerFont('regular', fonts.regular).registerFont('bold', fonts.bold).registerFont('serif', fonts.serif);
  else doc.registerFont('regular', FONT_FILES.regular).registerFont('bold', FONT_FILES.bold).registerFont('serif', FONT_FILES.serif);
  drawCertificatePage(doc, input);
  doc.file(Buffer.from(JSON.stringify({ credential: input.signed.credential, jwt: input.signed.jwt }, null, 2)), {
    name: 'credential.json',
    type: 'application/json',
    description: 'Open Badges 3.0 credential with its proofs'
  });
  doc.end();
  return done;
}

/** The document's bytes once it has ended. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

/** Draws the page on `doc`, whose fonts 'regular', 'bold' and 'serif' are registered. */
export function drawCertificatePage(doc: PDFKit.PDFDocument, input: ICertificatePdfInput): void {
  const { width, height } = doc.page;
  doc.rect(24, 24, width - 48, height - 48).lineWidth(2).strokeColor(ACCENT).stroke();
  doc.rect(32, 32, width - 64, height - 64).lineWidth(0.5).strokeColor(ACCENT).stroke();

  doc.fillColor(ACCENT).font('bold').fontSize(13).text(input.issuerName.toUpperCase(), 0, 70, { width, align: 'center', characterSpacing: 3 });
  doc.fillColor(INK).font('serif').fontSize(34).text('Certificate of Achievement', 0, 100, { width, align: 'center' });
  doc.fillColor(MUTED).font('regular').fontSize(13).text('This certifies that', 0, 160, { width, align: 'center' });
  doc.fillColor(INK).font('bold').fontSize(30).text(input.learner, 60, 184, { width: width - 120, align: 'center' });
  doc.fillColor(MUTED).font('regular').fontSize(13).text('has completed', 0, 232, { width, align: 'center' });
  doc.fillColor(INK).font('bold').fontSize(20).text(input.title, 60, 254, { width: width - 120, align: 'center' });
  doc.fillColor(MUTED).font('regular').fontSize(12).text(`${input.course} · ${input.issuedAt.toISOString().slice(0, 10)}`, 0, 284, { width, align: 'center' });

  let y = 326;
  doc.fillColor(INK).font('bold').fontSize(11).text('Assessments', 90, y);
  y += 18;
  for (const a of input.achievements.slice(0, 8)) {
    doc.font('regular').fontSize(10).fillColor(INK).text(a.title, 90, y, { width: 380, lineBreak: false, ellipsis: true });
    doc.fillColor(ACCENT).text(`${Math.round(a.score * 100)} %`, 480, y, { width: 60, align: 'right' });
    y += 15;
  }

  const qrSize = 118;
  const qrX = width - 90 - qrSize;
  const qrY = 330;
  drawQr(doc, input.verifyUrl, qrX, qrY, qrSize);
  doc.fillColor(MUTED).font('regular').fontSize(7.5).text('Scan or open to verify', qrX - 20, qrY + qrSize + 6, { width: qrSize + 40, align: 'center' });

  doc.fillColor(MUTED).font('regular').fontSize(8);
  doc.text(`Credential ${input.credentialId}`, 60, height - 104, { width: width - 120, align: 'center' });
  doc.text(`Verify at ${input.verifyUrl}`, 60, height - 92, { width: width - 120, align: 'center', link: input.verifyUrl });
  // A printed page can be edited; the attachment cannot without breaking its signatures. Say which one counts.
  doc.fillColor(INK).font('bold').text(SIGNED_NOTICE, 60, height - 78, { width: width - 120, align: 'center' });
  doc.fillColor(MUTED).font('regular').text(COMPARE_NOTICE, 60, height - 66, { width: width - 120, align: 'center' });
  if (input.revoked) drawRevoked(doc, input.revoked);
}

/** A revoked certificate's page says so across its top, so a printout cannot pass for a valid one. */
function drawRevoked(doc: PDFKit.PDFDocument, revoked: { at: Date; reason: string | null }): void {
  const { width } = doc.page;
  doc.rect(40, 36, width - 80, 30).fillColor(REVOKED).fill();
  const why = revoked.reason ? `: ${revoked.reason}` : '';
  doc.fillColor('#ffffff').font('bold').fontSize(11);
  doc.text(`${REVOKED_NOTICE} on ${revoked.at.toISOString().slice(0, 10)}${why}`, 50, 45, { width: width - 100, align: 'center', lineBreak: false, ellipsis: true });
}

/** The QR code as filled squares: sharper and several times faster than an embedded PNG. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  doc.fillColor(INK);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill();
}
