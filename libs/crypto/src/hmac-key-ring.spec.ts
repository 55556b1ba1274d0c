import { createHash, createHmac } from 'node:crypto';
import { HmacKeyRing } from './hmac-key-ring';

const k1 = { id: 'i1', key: Buffer.alloc(32, 1) };
const k2 = { id: 'i2', key: Buffer.alloc(32, 2) };

describe('HmacKeyRing', () => {
  it('digests under the first key, naming it', () => {
    const ring = new HmacKeyRing('test.purpose', [k2, k1]);
    expect(ring.digest('hello')).toMatch(/^i2:[0-9a-f]{64}$/);
    expect(ring.digest('hello')).toBe(ring.digest('hello'));
    expect(ring.digest('hello')).not.toBe(ring.digest('hellp'));
  });

  it('is neither a plain SHA-256 nor the HMAC of the same key under another purpose', () => {
    const digest = new HmacKeyRing('a', [k1]).digest('hello').slice(3);
    expect(digest).not.toBe(createHash('sha256').update('hello').digest('hex'));
    expect(digest).not.toBe(createHmac('sha256', k1.key).update('hello').digest('hex'));
    expect(new HmacKeyRing('b', [k1]).digest('hello')).not.toBe(`i1:${digest}`);
  });

  it('verifies digests of older keys while they stay configured (rotation), and nothing after', () => {
    const old = new HmacKeyRing('p', [k1]).digest('body');
    expect(new HmacKeyRing('p', [k2, k1]).matches('body', old)).toBe(true);
    expect(new HmacKeyRing('p', [k2, k1]).matches('other', old)).toBe(false);
    expect(new HmacKeyRing('p', [k2]).matches('body', old)).toBe(false);
    expect(new HmacKeyRing('p', [k2]).matches('body', 'garbage')).toBe(false);
  });

  it('refuses to exist without a key', () => {
    expect(() => new HmacKeyRing('p', [])).toThrow('p: no key configured');
  });
});
