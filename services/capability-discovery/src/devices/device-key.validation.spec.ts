import { generateKeyPairSync } from 'node:crypto';
import { validateDeviceKey } from './device-key.validation';

const realKey = (): string => {
  const jwk = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' });
  return jwk.x as string;
};
const hexKey = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');

describe('validateDeviceKey', () => {
  it('accepts a real X25519 public key', () => {
    const publicKey = realKey();
    expect(validateDeviceKey({ keyId: 'phone-1.main_A', publicKey, algorithm: 'X25519' })).toEqual({ ok: true, key: { keyId: 'phone-1.main_A', publicKey, algorithm: 'X25519' } });
  });

  it.each([
    ['', 'empty'],
    ['a'.repeat(65), 'too long'],
    ['has space', 'a space'],
    ['slash/key', 'a slash'],
  ])('rejects keyId %j (%s)', (keyId) => {
    expect(validateDeviceKey({ keyId, publicKey: realKey(), algorithm: 'X25519' })).toMatchObject({ ok: false, field: 'keyId' });
  });

  it('rejects a missing body and another algorithm', () => {
    expect(validateDeviceKey(undefined)).toMatchObject({ ok: false, field: 'keyId' });
    expect(validateDeviceKey({ keyId: 'k', publicKey: realKey(), algorithm: 'Ed25519' })).toMatchObject({ ok: false, field: 'algorithm' });
  });

  it.each<[unknown, string]>([
    [Buffer.alloc(31, 7).toString('base64url'), '31 bytes'],
    [Buffer.alloc(33, 7).toString('base64url'), '33 bytes'],
    [`${realKey()}=`, 'padded'],
    ['not base64!', 'not base64url'],
    [Buffer.alloc(32, 7).toString('base64'), 'standard base64 with + or /'],
    [42, 'not a string'],
  ])('rejects publicKey %j (%s)', (publicKey) => {
    expect(validateDeviceKey({ keyId: 'k', publicKey, algorithm: 'X25519' })).toMatchObject({ ok: false, field: 'publicKey' });
  });

  it.each([
    ['0000000000000000000000000000000000000000000000000000000000000000', 'all zero'],
    ['0100000000000000000000000000000000000000000000000000000000000000', 'one'],
    ['e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'order 8'],
    ['5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157', 'order 8'],
    ['ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'p - 1'],
    ['edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'p'],
    ['0000000000000000000000000000000000000000000000000000000000000080', 'zero with the top bit set'],
  ])('rejects the low-order point %s (%s)', (hex) => {
    expect(validateDeviceKey({ keyId: 'k', publicKey: hexKey(hex), algorithm: 'X25519' })).toMatchObject({ ok: false, field: 'publicKey', detail: expect.stringMatching(/low-order/) });
  });
});
