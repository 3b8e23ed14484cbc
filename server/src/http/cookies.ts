import type { Request, Response } from 'express';

/** Reads one cookie from the Cookie header (no dependency needed for this). */
export function readCookie(req: Request, name: string): string | undefined {
  return parseCookie(req.headers.cookie, name);
}

export function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export interface ICookieScope {
  /** Cookies are scoped to the service prefix so no other hub path receives them. */
  path: string;
  secure: boolean;
}

export function writeCookie(
  res: Response,
  name: string,
  value: string,
  scope: ICookieScope,
  maxAgeMs?: number
): void {
  res.cookie(name, value, {
    path: scope.path,
    httpOnly: true,
    sameSite: 'lax',
    secure: scope.secure,
    ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs })
  });
}

export function clearCookie(res: Response, name: string, scope: ICookieScope): void {
  res.clearCookie(name, { path: scope.path, httpOnly: true, sameSite: 'lax', secure: scope.secure });
}
