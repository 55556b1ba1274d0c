import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

// DER prefix of an SPKI Ed25519 public key; the 32 raw bytes follow.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The raw 32-byte Ed25519 public key of a private or public key. */
export function rawPublicKey(privateOrPublic: KeyObject): Buffer {
  const publicKey = privateOrPublic.type === 'private' ? createPublicKey(privateOrPublic) : privateOrPublic;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
}

/** The public key object of raw Ed25519 public key bytes. */
export function publicKeyOfRaw(rawPublic: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, rawPublic]), format: 'der', type: 'spki' });
}

/** SHA-256 (hex) of the raw public key: what operators pin and compare. */
export function keyFingerprint(rawPublic: Buffer): string {
  return createHash('sha256').update(rawPublic).digest('hex');
}

/** A public key given as a PEM (SPKI), base64 DER SPKI or base64 of the raw 32 bytes. */
export function parsePublicKey(text: string): Buffer {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return rawPublicKey(createPublicKey({ key: trimmed, format: 'pem' }));
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length === 32) return bytes;
  if (bytes.length === 44 && bytes.subarray(0, 12).equals(SPKI_ED25519_PREFIX)) return bytes.subarray(12);
  throw new Error('not an Ed25519 public key (PEM, base64 SPKI or base64 raw 32 bytes)');
}
