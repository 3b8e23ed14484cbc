import {
  decodePDFRawStream,
  ParseSpeeds,
  PDFArray,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString
} from '@cantoo/pdf-lib';

/** Limits on what decoding a PDF may produce: per stream and for the whole file. */
export interface IPdfDecodeCaps {
  perStreamBytes: number;
  totalBytes: number;
}

/** Our certificates decode to well under 1 MB; these leave room for re-saved copies, not for bombs. */
export const PDF_DECODE_CAPS: IPdfDecodeCaps = { perStreamBytes: 4 * 1024 * 1024, totalBytes: 16 * 1024 * 1024 };

/** Decoding the PDF would pass a cap: a compression bomb or something that is not our certificate. */
export class PdfTooComplexError extends Error {
  override readonly name = 'PdfTooComplexError';
}

export interface IAttached {
  credential?: Record<string, unknown>;
  jwt?: string;
}

/**
 * Finds the `credential.json` attachment of a certificate PDF; null when there is none. Every
 * stream the library decodes — object and cross-reference streams while parsing, the
 * attachment afterwards — counts against `caps`, so a small PDF cannot inflate to gigabytes.
 */
export async function extractCredentialFromPdf(bytes: Uint8Array, caps: IPdfDecodeCaps = PDF_DECODE_CAPS): Promise<IAttached | null> {
  checkDeclaredCounts(bytes);
  return withDecodeBudget(caps, async () => {
    let pdf: PDFDocument;
    try {
      pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false, warnOnInvalidObjects: false, parseSpeed: ParseSpeeds.Fastest });
    } catch (err) {
      if (err instanceof PdfTooComplexError) throw err;
      return null;
    }
    const list = embeddedFiles(pdf);
    if (!list) return null;
    for (let i = 0; i + 1 < list.size(); i += 2) {
      const name = list.lookup(i);
      const label = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : '';
      if (label !== 'credential.json') continue;
      const spec = list.lookup(i + 1);
      const stream = spec instanceof PDFDict ? spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F')) : undefined;
      return stream instanceof PDFRawStream ? parseAttachment(stream) : null;
    }
    return null;
  });
}

/** Our certificates hold a few dozen objects; a file declaring far more is not one of them. */
export const MAX_DECLARED_OBJECTS = 100_000;

/**
 * pdf-lib loops (and allocates) as many times as a cross-reference stream's /Size and /Index or
 * an object stream's /N declare, whatever the file holds: 150 bytes declaring a billion entries
 * keep it busy for minutes and fill the worker's heap. Such counts are refused up front, so
 * parsing work stays proportional to the bytes received.
 */
function checkDeclaredCounts(bytes: Uint8Array): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const m of text.matchAll(/\/(Size|N|Count)\s+(\d{6,})|\/Index\s*\[([\d\s]*)\]/g)) {
    const numbers = m[2] !== undefined ? [Number(m[2])] : (m[3] ?? '').trim().split(/\s+/).map(Number);
    if (numbers.some((n) => n > MAX_DECLARED_OBJECTS)) {
      throw new PdfTooComplexError(`This PDF declares more than ${MAX_DECLARED_OBJECTS.toLocaleString('en')} objects; a certificate PDF holds a few dozen.`);
    }
  }
}

/** The EmbeddedFiles name array; a damaged file may load yet lack any of it. */
function embeddedFiles(pdf: PDFDocument): PDFArray | undefined {
  try {
    const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
    return names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)?.lookupMaybe(PDFName.of('Names'), PDFArray);
  } catch {
    return undefined;
  }
}

function parseAttachment(stream: PDFRawStream): IAttached | null {
  let text: string;
  try {
    text = new TextDecoder().decode(decodePDFRawStream(stream).decode());
  } catch (err) {
    if (err instanceof PdfTooComplexError) throw err;
    return null;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? attachedOf(parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The `{credential, jwt}` pair as downloaded (credential.json), keeping only well-typed members. */
export function attachedOf(obj: Record<string, unknown>): IAttached {
  const { credential, jwt } = obj;
  return {
    ...(typeof credential === 'object' && credential !== null && !Array.isArray(credential) ? { credential: credential as Record<string, unknown> } : {}),
    ...(typeof jwt === 'string' ? { jwt } : {})
  };
}

/** The budget of the extraction in progress (a worker runs one task at a time). */
let budget: { caps: IPdfDecodeCaps; used: number; tripped: PdfTooComplexError | null } | null = null;

/**
 * Runs an extraction under a decode budget. The parser swallows errors inside objects (it keeps
 * them as invalid objects and goes on), so a tripped cap is remembered and reported at the end.
 */
async function withDecodeBudget<T>(caps: IPdfDecodeCaps, run: () => Promise<T>): Promise<T> {
  installDecodeCap();
  const active = { caps, used: 0, tripped: null as PdfTooComplexError | null };
  budget = active;
  try {
    const result = await run();
    if (active.tripped) throw active.tripped;
    return result;
  } catch (err) {
    throw active.tripped ?? err;
  } finally {
    budget = null;
  }
}

interface IGrowable {
  buffer: Uint8Array;
  ensureBuffer(requested: number): Uint8Array;
}

let installed = false;
/** zlib's encoding of zero bytes: the smallest stream FlateStream accepts. */
const EMPTY_DEFLATE = new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);

/**
 * pdf-lib has no option to cap decoding, and it decodes object streams inside `load`. Every
 * filter (Flate, LZW, ASCII85, ASCIIHex, RunLength) grows its output through one method of
 * their common base class, `DecodeStream.ensureBuffer`; wrapping it is the one place where all
 * decoding can be stopped before memory is allocated. The base class is not exported, so it is
 * reached through a FlateStream's prototype chain (the version is pinned; a test checks this).
 */
function installDecodeCap(): void {
  if (installed) return;
  const context = PDFContext.create();
  const probe = decodePDFRawStream(PDFRawStream.of(context.obj({ Filter: 'FlateDecode' }), EMPTY_DEFLATE));
  const base = Object.getPrototypeOf(Object.getPrototypeOf(probe)) as Partial<IGrowable> | null;
  const original = base?.ensureBuffer;
  if (!base || typeof original !== 'function') throw new Error('@cantoo/pdf-lib changed: DecodeStream.ensureBuffer not found, PDF decoding cannot be capped');
  base.ensureBuffer = function (this: IGrowable, requested: number): Uint8Array {
    const active = budget;
    if (!active) return original.call(this, requested);
    if (active.tripped) throw active.tripped;
    if (requested > active.caps.perStreamBytes) {
      throw (active.tripped = new PdfTooComplexError(`A stream in this PDF decodes to more than ${mb(active.caps.perStreamBytes)}; a certificate PDF never does.`));
    }
    const before = this.buffer.byteLength;
    const grown = original.call(this, requested);
    active.used += grown.byteLength - before;
    if (active.used > active.caps.totalBytes) {
      throw (active.tripped = new PdfTooComplexError(`This PDF decodes to more than ${mb(active.caps.totalBytes)} in total; a certificate PDF never does.`));
    }
    return grown;
  };
  installed = true;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
