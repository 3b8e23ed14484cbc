import { PublicPath } from '@voxel-academy/protocol';
import { listPosition, statusListCredential, STATUS_LIST_BITS } from '../certificates/status-list.js';
import { issuerId } from './certificates.js';
import type { IServiceContext, IStatusLists } from './context.js';
import { notFound } from './errors.js';

/**
 * The issuer's signed Bitstring Status Lists, built from the database and signed in the
 * certificate pool. Signed lists are cached until a revocation or a key rotation changes them;
 * concurrent readers share one signing.
 */
export class StatusLists implements IStatusLists {
  private cache: Promise<Record<string, unknown>[]> | null = null;

  url(ctx: IServiceContext, list: number): string {
    return `${ctx.config.publicUrl}${ctx.config.servicePrefix}${PublicPath.statusList.replace(':list', String(list))}`;
  }

  /** Every published list, signed: what a verifier (ours included) checks a credential against. */
  all(ctx: IServiceContext): Promise<Record<string, unknown>[]> {
    if (!this.cache) {
      const building = this.build(ctx);
      this.cache = building;
      // A failed signing is not cached: the next reader tries again.
      building.catch(() => {
        if (this.cache === building) this.cache = null;
      });
    }
    return this.cache;
  }

  async one(ctx: IServiceContext, list: number): Promise<Record<string, unknown>> {
    const found = (await this.all(ctx))[list];
    if (!found) throw notFound(`Status list ${list}`);
    return found;
  }

  /** A revocation or new keys: the next reader gets freshly signed lists. */
  invalidate(): void {
    this.cache = null;
  }

  private async build(ctx: IServiceContext): Promise<Record<string, unknown>[]> {
    const { allocated, revoked } = await ctx.store.statusListState();
    const lists = Math.max(1, Math.ceil(allocated / STATUS_LIST_BITS));
    const validFrom = new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const signed: Record<string, unknown>[] = [];
    for (let list = 0; list < lists; list++) {
      const setBits = revoked.map(listPosition).filter((p) => p.list === list).map((p) => p.bit);
      const unsigned = statusListCredential({ url: this.url(ctx, list), issuerId: issuerId(ctx), validFrom, setBits });
      signed.push((await ctx.certificateWork.sign(unsigned, ctx.issuer.keys)).credential);
    }
    return signed;
  }
}
