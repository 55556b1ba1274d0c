import { randomBytes } from 'node:crypto';
import { HoldCipher, type HoldAad } from './hold-cipher';

describe('HoldCipher', () => {
  const cipher = new HoldCipher({ id: 'h1', key: randomBytes(32) });
  const aad: HoldAad = { tenantId: 'acme', messageId: 'm-1', field: 'content' };
  const text = Buffer.from('canary: my PIN is 4921');

  it('round-trips with a fresh IV each time and no plaintext in the sealed value', () => {
    const a = cipher.seal(text, aad);
    const b = cipher.seal(text, aad);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('canary'))).toBe(false);
    expect(cipher.open('h1', a, aad).toString()).toBe(text.toString());
  });

  it('rejects a tampered ciphertext, tag or IV', () => {
    const sealed = cipher.seal(text, aad);
    for (const at of [0, 12, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at]! ^= 1;
      expect(() => cipher.open('h1', tampered, aad)).toThrow();
    }
  });

  it.each([
    ['another message', { ...aad, messageId: 'm-2' }],
    ['another tenant', { ...aad, tenantId: 'globex' }],
    ['another field', { ...aad, field: 'recipient' as const }],
  ])('rejects a value moved to %s', (_label, other) => {
    expect(() => cipher.open('h1', cipher.seal(text, aad), other)).toThrow();
  });

  it('refuses a value under an unknown key id, and a different key with the same id', () => {
    const sealed = cipher.seal(text, aad);
    expect(() => cipher.open('h0', sealed, aad)).toThrow(expect.objectContaining({ code: 'hold_key_unavailable' }));
    expect(() => new HoldCipher({ id: 'h1', key: randomBytes(32) }).open('h1', sealed, aad)).toThrow();
  });

  it('after a rotation seals under the new key and still opens values of the previous one', () => {
    const old = { id: 'h1', key: randomBytes(32) };
    const sealedBefore = new HoldCipher(old).seal(text, aad);
    const rotated = new HoldCipher({ id: 'h2', key: randomBytes(32) }, [old]);
    expect(rotated.keyId).toBe('h2');
    expect(rotated.open('h1', sealedBefore, aad).toString()).toBe(text.toString());
    expect(rotated.open('h2', rotated.seal(text, aad), aad).toString()).toBe(text.toString());
    // Once the old key is dropped from config, its leftovers fail as unavailable, not as garbage.
    expect(() => new HoldCipher({ id: 'h2', key: randomBytes(32) }).open('h1', sealedBefore, aad)).toThrow(expect.objectContaining({ code: 'hold_key_unavailable', retriable: false }));
  });

  it('refuses a key id configured twice', () => {
    expect(() => new HoldCipher({ id: 'h1', key: randomBytes(32) }, [{ id: 'h1', key: randomBytes(32) }])).toThrow('configured twice');
  });
});
