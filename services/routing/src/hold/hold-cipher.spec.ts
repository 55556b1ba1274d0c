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

  it('refuses to seal without a configured key', () => {
    expect(() => new HoldCipher(undefined).seal(text, aad)).toThrow(expect.objectContaining({ code: 'hold_key_unavailable', retriable: false }));
  });
});
