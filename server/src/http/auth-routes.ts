import type { RequestHandler } from 'express';
import { AuthPath } from '@voxel-academy/protocol';
import { AuthError, type HubAuth } from '../hub/hub-auth.js';
import type { ISession } from '../hub/sessions.js';
import { clearCookie, readCookie, writeCookie, type ICookieScope } from './cookies.js';
import { AppError } from './problems.js';

export const SESSION_COOKIE = 'voxel-academy-session';
const STATE_COOKIE = 'voxel-academy-oauth-state';

/** Browser routes of the OAuth flow: these redirect (API routes answer 401 instead). */
export function authRoutes(auth: HubAuth, scope: ICookieScope, sessionTtlMs: number): Record<'login' | 'callback' | 'logout', RequestHandler> {
  return {
    login: (req, res) => {
      const { stateCookie, stateMaxAgeMs, redirect } = auth.beginLogin(req.query['next']);
      writeCookie(res, STATE_COOKIE, stateCookie, scope, stateMaxAgeMs);
      res.redirect(302, redirect);
    },

    callback: async (req, res) => {
      try {
        const { session, next } = await auth.finishLogin(req.query, readCookie(req, STATE_COOKIE));
        clearCookie(res, STATE_COOKIE, scope);
        writeCookie(res, SESSION_COOKIE, session.id, scope, sessionTtlMs);
        res.redirect(302, next);
      } catch (err) {
        if (err instanceof AuthError) throw new AppError('forbidden', err.message);
        throw err;
      }
    },

    logout: async (req, res) => {
      await auth.logout(readCookie(req, SESSION_COOKIE));
      clearCookie(res, SESSION_COOKIE, scope);
      res.type('text/plain').send('Logged out of the course server.');
    }
  };
}

declare module 'express-serve-static-core' {
  interface Locals {
    session?: ISession;
  }
}

/** For API routes: a valid session or a 401 problem (never a redirect, fetch callers need the status). */
export function requireSession(auth: HubAuth): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.session = await auth.authenticate(readCookie(req, SESSION_COOKIE));
      next();
    } catch (err) {
      if (err instanceof AuthError) {
        next(new AppError('unauthenticated', err.message, `Open ${AuthPath.login} under this service to log in through JupyterHub.`));
      } else {
        next(err);
      }
    }
  };
}

export function currentSession(locals: { session?: ISession }): ISession {
  if (!locals.session) throw new AppError('unauthenticated', 'Not logged in to the course server.');
  return locals.session;
}
