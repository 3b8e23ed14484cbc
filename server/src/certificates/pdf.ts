import { existsSync } from 'node:fs';
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
}

// Debian's DejaVu draws names the PDF standard fonts cannot (Polish, Cyrillic, Greek…).
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONTS = existsSync(`${FONT_DIR}/DejaVuSans.ttf`)
  ? { regular: `${FONT_DIR}/DejaVuSans.ttf`, bold: `${FONT_DIR}/DejaVuSans-Bold.ttf`, serif: `${FONT_DIR}/DejaVuSerif-Bold.ttf` }
  : { regular: 'Helvetica', bold: 'Helvetica-Bold', serif: 'Times-Bold' };

/** What the footer tells a reader: the attachment is the signed certificate, the page is a picture of it. */
export const SIGNED_NOTICE = 'What is signed is the credential.json attached to this PDF (Open Badges 3.0, Data Integrity and VC-JWT proofs), not this printed page.';
export const COMPARE_NOTICE = 'The verification page shows the signed name, achievement and date: compare them with this page.';

const INK = '#1d2330';
const ACCENT = '#0b5cad';
const MUTED = '#5b6472';

/** A one-page landscape certificate with a vector QR code and the signed credential attached. */
export async function renderCertificatePdf(input: ICertificatePdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `${input.title} — ${input.learner}`, Author: input.issuerName, Subject: input.course, Keywords: 'Open Badges 3.0, verifiable credential' }
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONTS.regular).registerFont('bold', FONTS.bold).registerFont('serif', FONTS.serif);

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

  doc.file(Buffer.from(JSON.stringify({ credential: input.signed.credential, jwt: input.signed.jwt }, null, 2)), {
    name: 'credential.json',
    type: 'application/json',
    description: 'Open Badges 3.0 credential with its proofs'
  });
  doc.end();
  return done;
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
