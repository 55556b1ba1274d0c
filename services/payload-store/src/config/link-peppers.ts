import { keyList, type IdentifiedKey } from '@switchback/config';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

/** LINK_PEPPERS="p2:<base64 of 32 bytes>,p1:<…>": the first keys new links, the others still verify. */
export const linkPeppers = keyList('pepperId');

/**
 * LINK_PEPPERS_FILE: the same list read from a file (a mounted Secret). The file's content is
 * never echoed: an unreadable or malformed file is reported by its variable only.
 */
export const linkPeppersFile = z
  .string()
  .min(1)
  .optional()
  .transform((file, ctx): IdentifiedKey[] | undefined => {
    if (file === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return z.NEVER;
    }
    const parsed = linkPeppers.safeParse(text.trim());
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'malformed' });
      return z.NEVER;
    }
    return parsed.data;
  });

/**
 * True for an origin browsers treat as secure without TLS (localhost, *.localhost, 127.0.0.0/8,
 * ::1): a developer's machine. Anywhere else the recipient page needs https:, and WebCrypto is
 * not even available to a page served over plain http from another host.
 */
export function isLoopbackOrigin(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
