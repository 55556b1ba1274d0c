import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: for topic prefixes, groups, key prefixes. */
export function uniqueName(label: string): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}-${label}`;
}
