import { fromBase64Url, toBase64Url } from './encoding';
import { CODE_ANCHOR_BYTES, LINK_SECRET_BYTES, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS, PBKDF2_SALT_BYTES } from './scheme.constants';
import { SecureLinkError } from './secure-link.error';

export type KeyMode = 'fragment' | 'passphrase' | 'code' | 'device';

/** What the part after `#` says. It never carries a passphrase or a code, only public salts. */
export type ParsedFragment =
  | { mode: 'fragment'; linkSecret: Uint8Array<ArrayBuffer> }
  | { mode: 'passphrase'; iterations: number; salt: Uint8Array<ArrayBuffer> }
  | { mode: 'code'; anchor: Uint8Array<ArrayBuffer> }
  | { mode: 'device' };

export function formatFragment(parsed: ParsedFragment): string {
  switch (parsed.mode) {
    case 'fragment':
      return `k.${toBase64Url(parsed.linkSecret)}`;
    case 'passphrase':
      return `p.${parsed.iterations}.${toBase64Url(parsed.salt)}`;
    case 'code':
      return `c.${toBase64Url(parsed.anchor)}`;
    case 'device':
      return 'd';
  }
}

const bad = (why: string) => new SecureLinkError('BAD_FRAGMENT', `bad link fragment: ${why}`);

function bytesOf(text: string, length: number, what: string): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64Url(text);
  } catch {
    throw bad(`${what} is not base64url`);
  }
  if (bytes.length !== length) throw bad(`${what} must be ${length} bytes`);
  return bytes;
}

/** Accepts the fragment with or without its leading `#`. Strict: anything unexpected is rejected. */
export function parseFragment(fragment: string): ParsedFragment {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') throw bad('missing');
  if (text === 'd') return { mode: 'device' };
  const parts = text.split('.');
  const [tag, first, second] = parts;
  if (tag === 'k' && parts.length === 2) return { mode: 'fragment', linkSecret: bytesOf(first, LINK_SECRET_BYTES, 'key') };
  if (tag === 'c' && parts.length === 2) return { mode: 'code', anchor: bytesOf(first, CODE_ANCHOR_BYTES, 'anchor') };
  if (tag === 'p' && parts.length === 3) {
    if (!/^[1-9][0-9]{0,9}$/.test(first)) throw bad('iterations must be a decimal integer');
    const iterations = Number(first);
    if (iterations < PBKDF2_MIN_ITERATIONS) throw new SecureLinkError('WEAK_KDF', `passphrase links need at least ${PBKDF2_MIN_ITERATIONS} PBKDF2 iterations`);
    if (iterations > PBKDF2_MAX_ITERATIONS) throw bad(`iterations above ${PBKDF2_MAX_ITERATIONS}`);
    return { mode: 'passphrase', iterations, salt: bytesOf(second, PBKDF2_SALT_BYTES, 'salt') };
  }
  throw bad('unknown format');
}
