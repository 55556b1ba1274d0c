import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Keyed hashes (HMAC-SHA256) of identifiers such as phone numbers, for telemetry and audit
 * rows: stable enough to join on, useless to anyone without the key. The key id prefix lets
 * the key rotate while old rows stay readable.
 */
export class KeyedHasher {
  constructor(private readonly options: { key: string; keyId: string }) {}

  hash(value: string): string {
    const digest = createHmac('sha256', this.options.key).update(value).digest('base64url').slice(0, 32);
    return `${this.options.keyId}:${digest}`;
  }

  matches(value: string, hashed: string): boolean {
    const expected = Buffer.from(this.hash(value));
    const actual = Buffer.from(hashed);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
