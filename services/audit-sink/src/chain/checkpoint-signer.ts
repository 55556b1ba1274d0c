import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';

const CHECKPOINT_DOMAIN = 'switchback.audit.checkpoint.v1\n';
// DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** What a checkpoint commits to: the chain head at one moment, and who signed it. */
export interface CheckpointBody {
  readonly seq: string;
  readonly rowHash: string;
  /** Rows appended since genesis up to seq (dropped partitions included), so equal to seq. */
  readonly count: string;
  readonly createdAt: Date;
  readonly keyId: string;
  readonly keyFingerprint: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Raw Ed25519 public key, base64. */
  readonly publicKey: string;
  /** Ed25519 signature of encodeCheckpoint(body), base64. */
  readonly signature: string;
}

export function encodeCheckpoint(body: CheckpointBody): string {
  return `${CHECKPOINT_DOMAIN}${canonicalJson({
    v: 1,
    seq: body.seq,
    row_hash: body.rowHash,
    count: body.count,
    created_at: body.createdAt.toISOString(),
    key_id: body.keyId,
    key_fingerprint: body.keyFingerprint,
  })}`;
}

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

export function rawPublicKey(privateOrPublic: KeyObject): Buffer {
  const publicKey = privateOrPublic.type === 'private' ? createPublicKey(privateOrPublic) : privateOrPublic;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
}

/** SHA-256 (hex) of the raw public key: what operators pin and compare. */
export function keyFingerprint(rawPublic: Buffer): string {
  return createHash('sha256').update(rawPublic).digest('hex');
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
    const signature = sign(null, Buffer.from(encodeCheckpoint(body), 'utf8'), this.privateKey).toString('base64');
    return { ...body, publicKey: this.publicKey.toString('base64'), signature };
  }
}

/** Checks a checkpoint's signature against a raw public key. */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, rawPublic: Buffer): boolean {
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, rawPublic]), format: 'der', type: 'spki' });
  return verify(null, Buffer.from(encodeCheckpoint(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
}
