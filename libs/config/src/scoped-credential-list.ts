import { z } from 'zod';

/** A credential bound to a scope: a tenant id, or `*` (every tenant) where the list allows it. */
export interface ScopedCredential {
  readonly holder: string;
  /** A tenant id, or `*` for a global credential. */
  readonly scope: string;
  readonly secret: string;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const TENANT = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * "holder@scope:secret,..." — credentials that say whose they are AND which tenant they act for,
 * in the syntax itself: `alice@acme:…` acts for tenant acme only; `ops@*:…` for every tenant
 * (only when `allowGlobal`). The scope is never implied: an entry without `@scope` stops boot,
 * so a token from before scoping cannot silently become global. Secrets are at least 16
 * characters and never echoed (a bad entry is named by position). Empty means none.
 */
export function scopedCredentialList(holderWord: string, options: { readonly allowGlobal: boolean }) {
  const syntax = options.allowGlobal ? `${holderWord}@tenant:token or ${holderWord}@*:token (every tenant)` : `${holderWord}@tenant:token`;
  return z
    .string()
    .default('')
    .transform((value, ctx): ScopedCredential[] => {
      const entries: ScopedCredential[] = [];
      for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
        const colon = item.indexOf(':');
        const name = colon > 0 ? item.slice(0, colon).trim() : '';
        const secret = colon > 0 ? item.slice(colon + 1).trim() : '';
        const at = name.lastIndexOf('@');
        const holder = at > 0 ? name.slice(0, at) : '';
        const scope = at > 0 ? name.slice(at + 1) : '';
        const scopeOk = TENANT.test(scope) || (options.allowGlobal && scope === '*');
        if (!NAME.test(holder) || !scopeOk || secret.length < 16) {
          ctx.addIssue({ code: 'custom', message: `entry ${entries.length + 1} must be ${syntax}, with a token of at least 16 characters` });
          return z.NEVER;
        }
        entries.push({ holder, scope, secret });
      }
      return entries;
    });
}

/** Whether a credential of this scope may act for the tenant (`*` acts for every tenant). */
export const scopeCovers = (scope: string, tenantId: string): boolean => scope === '*' || scope === tenantId;
