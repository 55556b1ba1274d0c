const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url (RFC 4648 §5, no padding): Buffer.from(..., 'base64url') accepts anything,
 * so the alphabet and a canonical length are checked first. Undefined when not canonical.
 */
export function decodeBase64url(value: string): Buffer | undefined {
  if (!BASE64URL.test(value) || value.length % 4 === 1) return undefined;
  const bytes = Buffer.from(value, 'base64url');
  // Re-encoding catches non-zero trailing bits: one byte string has one encoding.
  return bytes.toString('base64url') === value ? bytes : undefined;
}

/** Decoded size of a base64url string of this length, without decoding it. */
export const decodedLength = (length: number): number => Math.floor((length * 3) / 4);
