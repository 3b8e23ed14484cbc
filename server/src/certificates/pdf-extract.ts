import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString } from 'pdf-lib';

/** Finds the `credential.json` attachment of a certificate PDF; null when there is none. */
export async function extractCredentialFromPdf(bytes: Uint8Array): Promise<{ credential?: Record<string, unknown>; jwt?: string } | null> {
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return null;
  }
  let list: PDFArray | undefined;
  try {
    // A damaged file may load yet lack a catalog: treat any structural gap as "no attachment".
    const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
    list = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)?.lookupMaybe(PDFName.of('Names'), PDFArray);
  } catch {
    return null;
  }
  if (!list) return null;
  for (let i = 0; i + 1 < list.size(); i += 2) {
    const name = list.lookup(i);
    const label = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : '';
    if (label !== 'credential.json') continue;
    const spec = list.lookup(i + 1, PDFDict);
    const stream = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) return null;
    try {
      const text = new TextDecoder().decode(decodePDFRawStream(stream).decode());
      const parsed = JSON.parse(text) as { credential?: Record<string, unknown>; jwt?: string };
      return { ...(parsed.credential ? { credential: parsed.credential } : {}), ...(typeof parsed.jwt === 'string' ? { jwt: parsed.jwt } : {}) };
    } catch {
      return null;
    }
  }
  return null;
}
