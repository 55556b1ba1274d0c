import { z } from 'zod';

/**
 * A list of bearer credentials in one variable, "name:secret,name2:secret2" (who holds each
 * secret: a tenant, an actor, a client). Secrets must be at least 16 characters; a bad entry
 * is reported by position only, never echoed, since it holds a secret. Empty means none.
 */
export function credentialList<N extends string, S extends string>(nameField: N, secretField: S) {
  type Entry = Record<N, string> & Record<S, string>;
  return z
    .string()
    .default('')
    .transform((value, ctx): Entry[] => {
      const entries: Entry[] = [];
      for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
        const colon = item.indexOf(':');
        const name = colon > 0 ? item.slice(0, colon).trim() : '';
        const secret = colon > 0 ? item.slice(colon + 1).trim() : '';
        if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name) || secret.length < 16) {
          ctx.addIssue({ code: 'custom', message: `entry ${entries.length + 1} must be ${nameField}:${secretField} with a ${secretField} of at least 16 characters` });
          return z.NEVER;
        }
        entries.push({ [nameField]: name, [secretField]: secret } as Entry);
      }
      return entries;
    });
}
