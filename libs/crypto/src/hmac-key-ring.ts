import { createHmac, timingSafeEqual } from 'node:crypto';

/** One key of a purpose: its id (stored with every digest) and its bytes. */
export interface RingKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * HMAC-SHA256 under the keys of one purpose, written "<key id>:<hex>". The first key makes new
 * digests; every key still verifies the digests that name it (rotation: put the new key first,
 * keep the old one as long as digests made with it must still verify). The purpose is bound into
 * every digest, so the same bytes configured for two purposes still give unrelated digests.
 */
export class HmacKeyRing {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(
    private readonly purpose: string,
    private readonly keys: readonly RingKey[],
  ) {
    if (keys.length === 0) throw new Error(`${purpose}: no key configured`);
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
  }

  get currentId(): string {
    return this.keys[0]!.id;
  }

  /** The digest under the current key. */
  digest(value: string): string {
    return this.digestWith(this.currentId, value)!;
  }

  /** The digest under the key `id`, or undefined when that id is not configured (rotated out). */
  digestWith(id: string, value: string): string | undefined {
    const key = this.byId.get(id);
    if (!key) return undefined;
    return `${id}:${createHmac('sha256', key).update(`${this.purpose}\n`).update(value).digest('hex')}`;
  }

  /** True when `stored` is the digest of `value` under the key it names (constant time). */
  matches(value: string, stored: string): boolean {
    const colon = stored.indexOf(':');
    const expected = colon > 0 ? this.digestWith(stored.slice(0, colon), value) : undefined;
    if (expected === undefined) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(stored);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
