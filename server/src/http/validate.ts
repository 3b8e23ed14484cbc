import type { z } from 'zod';
import { formatPath } from '../content/problems.js';
import type { IActor } from '../services/context.js';
import { currentSession } from './auth-routes.js';
import { AppError } from './problems.js';

/** Validates input with a shared protocol schema; the 400 names each bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .slice(0, 10)
    .map((i) => `${formatPath(i.path) || what}: ${i.message}`)
    .join('; ');
  throw new AppError('bad_request', `Invalid ${what}`, detail);
}

export function actorOf(locals: Parameters<typeof currentSession>[0]): IActor {
  const session = currentSession(locals);
  return { user: session.userName, roles: session.roles };
}

/** Route params as plain strings (Express 5 types them loosely). */
export function param(params: Record<string, string | string[] | undefined>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new AppError('bad_request', `Missing path parameter ${name}`);
  return value;
}
