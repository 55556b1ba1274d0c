import { concatBytes, randomBytes, utf8 } from './encoding';
import { hkdfBytes } from './key-derivation';
import { LINK_SECRET_BYTES } from './scheme.constants';
import { SecureLinkError } from './secure-link.error';

// No 0/O, 1/I/L or U/V look-alikes: the code is read off one screen and typed on another.
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const CODE_LENGTH = 8;
// Largest multiple of the alphabet size that fits in a byte: bytes at or above it are
// rejected and redrawn, so every character is equally likely (no modulo bias).
const LIMIT = 256 - (256 % CODE_ALPHABET.length);

export function generateCode(random: (n: number) => Uint8Array = randomBytes): string {
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of random(CODE_LENGTH * 2)) {
      if (byte < LIMIT && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  return code;
}

/** Uppercases and drops spaces and dashes; rejects anything outside the alphabet. */
export function normaliseCode(input: string): string {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH || [...code].some((c) => !CODE_ALPHABET.includes(c))) {
    throw new SecureLinkError('BAD_CODE', `the code is ${CODE_LENGTH} characters from ${CODE_ALPHABET}`);
  }
  return code;
}

/** S = HKDF-SHA256(A || utf8(normalised code), info "code-mode"). */
export function linkSecretFromCode(anchor: Uint8Array<ArrayBuffer>, code: string): Promise<Uint8Array<ArrayBuffer>> {
  return hkdfBytes(concatBytes(anchor, utf8(normaliseCode(code))), 'code-mode', LINK_SECRET_BYTES);
}
