import { checkpointFields, encodeCheckpoint, keyFingerprint, rawPublicKey, type CheckpointBody, type SignedCheckpoint } from '@switchback/audit-format';
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

// DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Reads AUDIT_SIGNING_KEY: a PKCS#8 PEM, or the base64 of a raw 32-byte Ed25519 seed. */
export function parseSigningKey(value: string): KeyObject {
  const text = value.trim();
  const key = text.includes('-----BEGIN')
    ? createPrivateKey({ key: text, format: 'pem' })
    : (() => {
        const seed = Buffer.from(text, 'base64');
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || seed.length !== 32) throw new Error('must be a PKCS#8 PEM or the base64 of a 32-byte Ed25519 seed');
        return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
      })();
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('must be an Ed25519 key');
  return key;
}

/** A fresh key as the base64 of its seed: for tests and the local stack. */
export function generateSigningKeySeed(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519_PREFIX.length).toString('base64');
}

export class CheckpointSigner {
  readonly publicKey: Buffer;
  readonly fingerprint: string;

  constructor(
    private readonly privateKey: KeyObject,
    readonly keyId: string,
  ) {
    this.publicKey = rawPublicKey(privateKey);
    this.fingerprint = keyFingerprint(this.publicKey);
  }

  sign(head: { seq: string; rowHash: string }, createdAt: Date): SignedCheckpoint {
    const body: CheckpointBody = { seq: head.seq, rowHash: head.rowHash, count: head.seq, createdAt, keyId: this.keyId, keyFingerprint: this.fingerprint };
    const signature = sign(null, Buffer.from(encodeCheckpoint(checkpointFields(body)), 'utf8'), this.privateKey).toString('base64');
    return { ...body, publicKey: this.publicKey.toString('base64'), signature };
  }
}
