import express, { type RequestHandler } from 'express';
import { AppError } from './problems.js';

/**
 * A JSON body of at most `limit`, for routes that read one. A body sent with another media type
 * is a 415 (not a silent "missing field" 400), and only objects and arrays parse (`strict`);
 * a bare number or string is refused by the parser as a 400.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    // false: a body with another type; null: no body at all (validation then names the fields).
    if (req.is(['application/json', 'application/*+json']) === false) {
      return next(new AppError('unsupported_media_type', 'Send JSON', `This route reads application/json; the request said "${String(req.headers['content-type']).slice(0, 80)}".`));
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] })];
}
