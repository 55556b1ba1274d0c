import { createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';

export type DeviceKeyAlgorithm = 'X25519';

export interface DeviceKeyInput {
  readonly keyId: string;
  /** base64url (no padding) of the 32-byte X25519 public key. */
  readonly publicKey: string;
  readonly algorithm: DeviceKeyAlgorithm;
}

export type DeviceKeyValidation = { readonly ok: true; readonly key: DeviceKeyInput } | { readonly ok: false; readonly field: string; readonly detail: string };

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Whether a key id is one a registration could have stored (a path's key id may be anything). */
export const isKeyId = (value: string): boolean => KEY_ID.test(value);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const X25519_KEY_BYTES = 32;

/**
 * Encodings of the low-order points of Curve25519 and their non-canonical twins (the list
 * libsodium rejects). The Diffie-Hellman check below catches them too; this list keeps the
 * rejection explicit and independent of the OpenSSL build.
 */
const LOW_ORDER_POINTS: ReadonlySet<string> = new Set([
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'cdeb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880',
  '4c9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7',
  'd9ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'daffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'dbffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
]);

const invalid = (field: string, detail: string): DeviceKeyValidation => ({ ok: false, field, detail });

/** Checks a device-key registration body; a failure names the offending field. */
export function validateDeviceKey(body: unknown): DeviceKeyValidation {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { keyId, publicKey, algorithm } = input;
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) return invalid('keyId', 'keyId must be 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" or "-"');
  if (algorithm !== 'X25519') return invalid('algorithm', 'algorithm must be "X25519"');
  if (typeof publicKey !== 'string' || publicKey.length > 64 || !BASE64URL.test(publicKey)) return invalid('publicKey', 'publicKey must be unpadded base64url');
  const bytes = Buffer.from(publicKey, 'base64url');
  if (bytes.length !== X25519_KEY_BYTES || bytes.toString('base64url') !== publicKey) return invalid('publicKey', `publicKey must encode exactly ${X25519_KEY_BYTES} bytes`);
  if (LOW_ORDER_POINTS.has(bytes.toString('hex'))) return invalid('publicKey', 'publicKey is a low-order point');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: publicKey }, format: 'jwk' });
  } catch {
    return invalid('publicKey', 'publicKey is not an X25519 public key');
  }
  if (!contributes(key)) return invalid('publicKey', 'publicKey is a low-order point');
  return { ok: true, key: { keyId, publicKey, algorithm } };
}

/** A low-order point gives an all-zero shared secret (or an OpenSSL error) with any private key. */
function contributes(publicKey: KeyObject): boolean {
  try {
    const { privateKey } = generateKeyPairSync('x25519');
    return diffieHellman({ privateKey, publicKey }).some((byte) => byte !== 0);
  } catch {
    return false;
  }
}
