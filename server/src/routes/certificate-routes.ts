import express from 'express';
import { PublicPath, RevokeRequest } from '@voxel-academy/protocol';
import { jsonBody } from '../http/bodies.js';
import { AppError } from '../http/problems.js';
import { controllerDocument, publicKeys } from '../certificates/keys.js';
import type { RouteHandlers } from '../http/route-table.js';
import { actorOf, param, validate } from '../http/validate.js';
import { certificateOrThrow, certificatePdf, certificateStatus, issuerId, listMyBadges, listMyCertificates, revokeCertificate, rotateIssuerKeys } from '../services/certificates.js';
import type { IServiceContext } from '../services/context.js';
import { verifyById, verifyUpload } from '../services/verification.js';
import { verifyPage, VERIFY_SCRIPT } from './verify-page.js';

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'self'";

type PublicCertificateHandlers = Pick<
  RouteHandlers,
  'issuer' | 'jwks' | 'verifyScript' | 'verifyPage' | 'verifyPageFor' | 'verifyById' | 'verifyUpload' | 'certificatePdf' | 'certificateCredential' | 'certificateStatus' | 'statusList'
>;

/** What anyone may see without logging in: issuer profile, keys, verification, certificate files by id. */
export function publicCertificateRoutes(ctx: IServiceContext): PublicCertificateHandlers {
  return {
    issuer: (_req, res) => {
      const controller = controllerDocument(publicKeys(ctx.issuer.keys));
      res.type('application/ld+json').json({
        ...controller,
        '@context': [...(controller['@context'] as string[]), 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: issuerId(ctx),
        type: 'Profile',
        name: ctx.config.issuerName,
        url: `${ctx.config.publicUrl}/`
      });
    },

    jwks: (_req, res) => {
      res.json({ keys: ctx.issuer.keys.rsa.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: 'RS256', use: 'sig' })) });
    },

    statusList: async (req, res) => {
      const list = param(req.params, 'list');
      if (!/^\d{1,6}$/.test(list)) throw new AppError('not_found', 'Not found', `There is no status list "${list.slice(0, 40)}".`);
      // Verifiers may cache it briefly; a revocation shows within a minute.
      res.setHeader('Cache-Control', 'public, max-age=60');
      res.type('application/json').send(JSON.stringify(await ctx.statusLists.one(ctx, Number(list))));
    },

    verifyScript: (_req, res) => {
      res.type('application/javascript').send(VERIFY_SCRIPT);
    },

    verifyPage: (_req, res) => {
      res.setHeader('Content-Security-Policy', PAGE_CSP);
      res.type('html').send(verifyPage(ctx.config.issuerName, null, `${ctx.config.servicePrefix}${PublicPath.verifyScript}`));
    },

    verifyPageFor: async (req, res) => {
      res.setHeader('Content-Security-Policy', PAGE_CSP);
      res.type('html').send(verifyPage(ctx.config.issuerName, await verifyById(ctx, param(req.params, 'id')), `${ctx.config.servicePrefix}${PublicPath.verifyScript}`));
    },

    verifyById: async (req, res) => {
      res.json(await verifyById(ctx, param(req.params, 'id')));
    },

    // Public and read-only (exempt from the CSRF check): anyone may ask whether a file is genuine.
    verifyUpload: [
      express.raw({ type: () => true, limit: '2mb' }),
      async (req, res) => {
        res.json(await verifyUpload(ctx, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)));
      }
    ],

    certificatePdf: async (req, res) => {
      const { bytes, fileName } = await certificatePdf(ctx, param(req.params, 'id'));
      res.type('application/pdf').attachment(fileName).send(bytes);
    },

    certificateCredential: async (req, res) => {
      const c = await certificateOrThrow(ctx, param(req.params, 'id'));
      res.type('application/json').attachment(`${c.course}-${c.track}-credential.json`).send(JSON.stringify({ credential: c.credential, jwt: c.jwt }, null, 2));
    },

    certificateStatus: async (req, res) => {
      res.json(await certificateStatus(ctx, param(req.params, 'id')));
    }
  };
}

/** The learner's own list, and the staff actions. */
export function certificateRoutes(ctx: IServiceContext): Pick<RouteHandlers, 'certificates' | 'badges' | 'revoke' | 'rotateKeys'> {
  return {
    certificates: async (_req, res) => {
      res.json(await listMyCertificates(ctx, actorOf(res.locals)));
    },

    badges: async (_req, res) => {
      res.json(await listMyBadges(ctx, actorOf(res.locals)));
    },

    revoke: [
      ...jsonBody('16kb'),
      async (req, res) => {
        res.json(await revokeCertificate(ctx, actorOf(res.locals), param(req.params, 'id'), validate(RevokeRequest, req.body).reason));
      }
    ],

    rotateKeys: async (_req, res) => {
      res.json(await rotateIssuerKeys(ctx, actorOf(res.locals)));
    }
  };
}
