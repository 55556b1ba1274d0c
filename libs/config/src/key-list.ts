import { z } from 'zod';

/** One AES-256 key of a list: its id (stored beside what it sealed) and its 32 bytes. */
export interface IdentifiedKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * A list of 32-byte keys in one variable, "id1:<base64>,id0:<base64>" (rotation: the current key
 * first where order matters). A bad entry is reported by position only, never echoed, since it
 * holds a secret. Empty means none.
 */
export function keyList(idName: string) {
  return z
    .string()
    .default('')
    .transform((value, ctx): IdentifiedKey[] => {
      const keys: IdentifiedKey[] = [];
      for (const entry of value.split(',').map((item) => item.trim()).filter(Boolean)) {
        const colon = entry.indexOf(':');
        const id = colon > 0 ? entry.slice(0, colon).trim() : '';
        const encoded = colon > 0 ? entry.slice(colon + 1).trim() : '';
        const key = Buffer.from(encoded, 'base64');
        if (!/^[A-Za-z0-9._-]{1,32}$/.test(id) || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length !== 32) {
          ctx.addIssue({ code: 'custom', message: `entry ${keys.length + 1} must be ${idName}:<base64 of 32 bytes>` });
          return z.NEVER;
        }
        keys.push({ id, key });
      }
      return keys;
    });
}
