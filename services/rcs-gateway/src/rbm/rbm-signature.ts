import { createHmac, timingSafeEqual } from 'node:crypto';

/** RBM signs webhooks: X-Goog-Signature = base64 HMAC-SHA512(clientToken, decoded message.data). */
export function validRbmSignature(clientToken: string, data: Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = createHmac('sha512', clientToken).update(data).digest();
  const actual = Buffer.from(signature, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Constant-time comparison of two secrets of possibly different lengths (hashed first). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHmac('sha256', 'rbm-secret-compare').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
