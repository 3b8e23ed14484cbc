/** Completion of names in the kernel scope and of members along a dotted path (`itk.rea|`). */

export interface ICompletion {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
}

/** Globals worth offering at top level; the full global object would drown the provided API. */
const GLOBALS = ['Math', 'JSON', 'Array', 'Object', 'Number', 'String', 'Promise', 'Map', 'Set', 'Float32Array', 'Float64Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Date', 'console'];

export function complete(code: string, cursor: number, scope: Record<string, unknown>): ICompletion {
  const before = code.slice(0, cursor);
  const match = /((?:[A-Za-z_$][\w$]*\s*\.\s*)*)([A-Za-z_$][\w$]*)?$/.exec(before);
  const path = (match?.[1] ?? '').split('.').map((s) => s.trim()).filter(Boolean);
  const prefix = match?.[2] ?? '';
  let candidates: string[];
  if (path.length === 0) {
    candidates = [...Object.keys(scope), ...GLOBALS];
  } else {
    const target = resolve(path, scope);
    candidates = target === undefined ? [] : memberNames(target);
  }
  const matches = [...new Set(candidates)].filter((n) => n.startsWith(prefix) && !n.startsWith('__')).sort(byPublicFirst);
  return { matches, cursorStart: cursor - prefix.length, cursorEnd: cursor };
}

function resolve(path: string[], scope: Record<string, unknown>): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  let value: unknown = head in scope ? scope[head] : (globalThis as Record<string, unknown>)[head];
  for (const key of rest) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function memberNames(value: unknown): string[] {
  const names: string[] = [];
  let obj: unknown = typeof value === 'object' || typeof value === 'function' ? value : Object(value);
  while (obj !== null && obj !== undefined && obj !== Object.prototype && obj !== Function.prototype) {
    names.push(...Object.getOwnPropertyNames(obj).filter((n) => n !== 'constructor'));
    obj = Object.getPrototypeOf(obj);
  }
  return names;
}

function byPublicFirst(a: string, b: string): number {
  return Number(a.startsWith('_')) - Number(b.startsWith('_')) || a.localeCompare(b);
}
