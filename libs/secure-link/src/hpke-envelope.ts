import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { concatBytes, fromBase64Url, toBase64Url, utf8 } from './encoding';
import { SecureLinkError } from './secure-link.error';

/** HPKE (RFC 9180) base mode output, both fields base64url. */
export interface HpkeEnvelope {
  enc: string;
  ct: string;
}

/** DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM — RFC 9180 suite 0x0020/0x0001/0x0001. */
export const hpkeSuite = (): CipherSuite => new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

const X25519_KEY_BYTES = 32;

function keyBytes(base64url: string, what: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64Url(base64url);
  if (bytes.length !== X25519_KEY_BYTES) throw new SecureLinkError('BAD_INPUT', `${what} must be a raw 32-byte X25519 key`);
  return bytes;
}

/**
 * Seals `secret` to a raw X25519 public key (base64url). `ekm` (ephemeral key material) is for
 * test vectors only: production callers leave it out and get a fresh ephemeral key.
 */
export async function sealToPublicKey(publicKey: string, secret: Uint8Array<ArrayBuffer>, info: string, ekm?: Uint8Array<ArrayBuffer>): Promise<HpkeEnvelope> {
  const suite = hpkeSuite();
  const recipientPublicKey = await suite.kem.deserializePublicKey(keyBytes(publicKey, 'public key'));
  const sender = await suite.createSenderContext({ recipientPublicKey, info: utf8(info), ekm });
  const ct = await sender.seal(secret);
  return { enc: toBase64Url(new Uint8Array(sender.enc)), ct: toBase64Url(new Uint8Array(ct)) };
}

/** Opens an envelope with the recipient's raw X25519 private key (base64url). */
export async function openEnvelope(envelope: HpkeEnvelope, privateKey: string, info: string): Promise<Uint8Array<ArrayBuffer>> {
  const suite = hpkeSuite();
  const recipientKey = await suite.kem.deserializePrivateKey(keyBytes(privateKey, 'private key'));
  try {
    const recipient = await suite.createRecipientContext({ recipientKey, enc: fromBase64Url(envelope.enc), info: utf8(info) });
    return new Uint8Array(await recipient.open(fromBase64Url(envelope.ct)));
  } catch {
    throw new SecureLinkError('TAMPERED', 'could not open the key envelope: damaged or not for this key');
  }
}

/** A fresh X25519 key pair as raw base64url strings (device registration, escrow, tests). */
export async function generateX25519KeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const suite = hpkeSuite();
  const pair = await suite.kem.generateKeyPair();
  return {
    publicKey: toBase64Url(new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey))),
    privateKey: toBase64Url(new Uint8Array(await suite.kem.serializePrivateKey(pair.privateKey))),
  };
}

/** One base64url string, enc (32 bytes for X25519) || ct: the form the store keeps for escrow. */
export function envelopeToBytes(envelope: HpkeEnvelope): string {
  return toBase64Url(concatBytes(fromBase64Url(envelope.enc), fromBase64Url(envelope.ct)));
}

export function envelopeFromBytes(packed: string): HpkeEnvelope {
  const bytes = fromBase64Url(packed);
  if (bytes.length <= X25519_KEY_BYTES) throw new SecureLinkError('BAD_INPUT', 'envelope is too short');
  return { enc: toBase64Url(bytes.subarray(0, X25519_KEY_BYTES)), ct: toBase64Url(bytes.subarray(X25519_KEY_BYTES)) };
}
