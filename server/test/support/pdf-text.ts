import { inflateSync } from 'node:zlib';

/**
 * The text a reader sees on the pages of a PDF written by pdfkit (embedded fonts, Identity-H
 * encoding, one ToUnicode CMap per font): enough to check what our certificate says, with no
 * PDF tool installed. Text runs are joined with newlines in drawing order.
 */
export function pdfText(pdf: Uint8Array): string {
  const source = Buffer.from(pdf).toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  // Object by object, each stream cut by its /Length: binary stream data can hold any bytes,
  // "endobj" included, so searching for the end (as this did) failed on some renders.
  const header = /(\d+) 0 obj\s*/g;
  for (let m = header.exec(source); m; m = header.exec(source)) {
    const start = m.index + m[0].length;
    const end = source.indexOf('endobj', start);
    const at = source.indexOf('stream', start);
    const length = at >= 0 && (end < 0 || at < end) ? Number(/\/Length (\d+)/.exec(source.slice(start, at))?.[1]) : NaN;
    if (!Number.isInteger(length)) {
      objects.set(Number(m[1]), { dict: source.slice(start, end < 0 ? undefined : end), stream: null });
      if (end < 0) break;
      header.lastIndex = end;
      continue;
    }
    const dict = source.slice(start, at);
    const from = at + 'stream'.length + (source.startsWith('\r\n', at + 6) ? 2 : 1);
    const raw = Buffer.from(source.slice(from, from + length), 'latin1');
    objects.set(Number(m[1]), { dict, stream: (/\/FlateDecode/.test(dict) ? inflateSync(raw) : raw).toString('latin1') });
    header.lastIndex = from + length;
  }
  const fontMaps = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    const fonts = /\/Font\s*<<([\s\S]*?)>>/.exec(dict);
    if (!fonts) continue;
    for (const f of fonts[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(f[2]))?.dict ?? '');
      const cmap = toUnicode ? objects.get(Number(toUnicode[1]))?.stream : null;
      if (cmap) fontMaps.set(f[1]!, parseCmap(cmap));
    }
  }
  const lines: string[] = [];
  for (const { dict, stream } of objects.values()) {
    if (stream === null || /\/Subtype|\/Type\s*\/(EmbeddedFile|XObject)/.test(dict) || !stream.includes('TJ')) continue;
    let map = new Map<number, string>();
    for (const op of stream.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)*)\] TJ/gi)) {
      if (op[1]) map = fontMaps.get(op[1]) ?? new Map();
      else lines.push([...op[2]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => decode(h[1]!, map)).join(''));
    }
  }
  return lines.join('\n');
}

function decode(hex: string, map: Map<number, string>): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
  return text;
}

function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const unicode = (hex: string): string => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const line of cmap.split('\n')) {
    const array = /^<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[(.*)\]/i.exec(line.trim());
    if (array) {
      // A ligature maps to several characters: "<0066 0069>" is "fi".
      [...array[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((u, i) => map.set(parseInt(array[1]!, 16) + i, unicode(u[1]!.replace(/\s/g, ''))));
      continue;
    }
    const range = /^<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*<([0-9a-f]+)>$/i.exec(line.trim());
    if (range) {
      const [start, end, first] = [parseInt(range[1]!, 16), parseInt(range[2]!, 16), parseInt(range[3]!, 16)];
      for (let c = start; c <= end; c++) map.set(c, String.fromCodePoint(first + c - start));
    }
  }
  return map;
}
