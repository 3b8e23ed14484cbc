/** Plain-text rendering of values for console output and cell results (a small `util.inspect`). */

const MAX_ITEMS = 20;
const MAX_DEPTH = 2;

type TypedArrayLike = ArrayBufferView & { length: number; [index: number]: number | bigint };

export function isTypedArray(value: unknown): value is TypedArrayLike {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** Structural check so images from any copy of itk-wasm (worker, Node) are recognised. */
export interface IImageLike {
  imageType: { dimension: number; componentType: string; pixelType: string; components: number };
  size: number[];
  spacing: number[];
  origin: number[];
  /** Row-major dimension × dimension matrix whose columns are the index axes in LPS (ITK's). */
  direction?: ArrayLike<number | bigint>;
  data: ArrayBufferView | null;
  name?: string;
}

export function isImage(value: unknown): value is IImageLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<IImageLike>;
  return typeof v.imageType === 'object' && v.imageType !== null && Array.isArray(v.size) && Array.isArray(v.spacing);
}

export function describeImage(image: IImageLike): string {
  const { dimension, componentType, components } = image.imageType;
  const size = image.size.join('×');
  const spacing = image.spacing.map((s) => round(s)).join(' × ');
  const comps = components > 1 ? `, ${components} components` : '';
  return `Image ${dimension}D ${componentType}${comps}, size ${size}, spacing ${spacing}`;
}

/** console.log semantics: strings as they are, everything else inspected. */
export function formatArgs(args: readonly unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
}

export function inspect(value: unknown, depth = 0, seen: Set<object> = new Set()): string {
  switch (typeof value) {
    case 'string':
      return depth === 0 ? `'${value}'` : `'${value.length > 200 ? value.slice(0, 200) + '…' : value}'`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || '(anonymous)'}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (obj instanceof Error) return obj.stack ?? `${obj.name}: ${obj.message}`;
  if (obj instanceof Date) return obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  if (isImage(obj)) return `<${describeImage(obj)}>`;
  if (isTypedArray(obj)) {
    const items = Array.from({ length: Math.min(obj.length, MAX_ITEMS) }, (_, i) => String(obj[i]));
    const more = obj.length > MAX_ITEMS ? `, … ${obj.length - MAX_ITEMS} more` : '';
    return `${obj.constructor.name}(${obj.length}) [${items.join(', ')}${more}]`;
  }
  if (depth > MAX_DEPTH) return Array.isArray(obj) ? '[Array]' : '[Object]';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen));
      if (obj.length > MAX_ITEMS) items.push(`… ${obj.length - MAX_ITEMS} more`);
      return `[ ${items.join(', ')} ]`.replace('[  ]', '[]');
    }
    if (obj instanceof Map) {
      const items = [...obj].slice(0, MAX_ITEMS).map(([k, v]) => `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`);
      return `Map(${obj.size}) { ${items.join(', ')} }`;
    }
    if (obj instanceof Set) {
      const items = [...obj].slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen));
      return `Set(${obj.size}) { ${items.join(', ')} }`;
    }
    if (obj instanceof Promise) return 'Promise { <pending> } (add `await`)';
    const entries = Object.entries(obj);
    const name = obj.constructor && obj.constructor !== Object ? `${obj.constructor.name} ` : '';
    if (entries.length === 0) return `${name}{}`;
    const items = entries.slice(0, MAX_ITEMS).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inspect(v, depth + 1, seen)}`);
    if (entries.length > MAX_ITEMS) items.push(`… ${entries.length - MAX_ITEMS} more`);
    return `${name}{ ${items.join(', ')} }`;
  } finally {
    seen.delete(obj);
  }
}

export function round(n: number, digits = 4): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(digits)));
}
