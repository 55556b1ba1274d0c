import { isIP } from 'node:net';
import { z } from 'zod';

/** Express's names for address ranges (proxy-addr). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isTrustedProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d{1,3}$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: which peers may set X-Forwarded-For. Empty (the default) trusts none, so the
 * TCP peer is the client. Otherwise a comma list of addresses, CIDRs or `loopback`,
 * `linklocal`, `uniquelocal` (e.g. the ingress controller's pod range), or a hop count.
 * "Trust everyone" is refused: any client could then pick its own rate-limit bucket.
 */
export const trustProxy = z
  .string()
  .default('')
  .transform((value, ctx): false | number | string[] => {
    const trimmed = value.trim();
    if (trimmed === '') return false;
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const entries = trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
    const invalid = entries.filter((entry) => !isTrustedProxyEntry(entry));
    if (invalid.length > 0) {
      ctx.addIssue({ code: 'custom', message: `not an address, CIDR or range name: ${invalid.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });
