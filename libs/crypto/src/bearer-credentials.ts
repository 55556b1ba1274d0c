import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Matches an `Authorization: Bearer <secret>` header against configured secrets and says whose
 * it is (a tenant, an actor, a client). Secrets are compared as SHA-256 digests with
 * timingSafeEqual (equal lengths, no length leak), and every configured secret is checked, so
 * the time taken says nothing about which secret, or how much of one, matched.
 */
export class BearerCredentials {
  private readonly entries: readonly { readonly holder: string; readonly digest: Buffer }[];

  constructor(credentials: readonly { readonly holder: string; readonly secret: string }[]) {
    this.entries = credentials.map(({ holder, secret }) => ({ holder, digest: digest(secret) }));
  }

  /** The holder of the presented secret, or undefined (no header, not Bearer, unknown secret). */
  holderOf(header: string | string[] | undefined): string | undefined {
    const presentedSecret = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1] : undefined;
    if (presentedSecret === undefined) return undefined;
    const presented = digest(presentedSecret);
    let holder: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.digest) && holder === undefined) holder = entry.holder;
    }
    return holder;
  }
}
