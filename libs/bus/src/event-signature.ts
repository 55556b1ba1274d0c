import { Topics, type TopicKey } from '@switchback/contracts';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { BusHeaders } from './bus-headers';

/** One producer credential: the key id the registry knows it by, and its Ed25519 private key. */
export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/**
 * The bytes a signature covers: a domain tag, the topic, the signer, the time of signing and the
 * encoded event (which holds tenant and message id). A signature therefore cannot be moved to
 * another topic or event, and its age is authenticated.
 */
export function signedBytes(topic: TopicKey, keyId: string, signedAtMs: string, value: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`sb-event-signature-v1\n${topic}\n${keyId}\n${signedAtMs}\n`, 'utf8'), value]);
}

/** Signs the events of `signed` topics with the key of their tenant; publishes others as they are. */
export interface EventSigner {
  /** Headers to add to the event (none when the topic is not signed). */
  headersFor(topic: TopicKey, tenantId: string, value: Uint8Array): Record<string, string>;
}

/**
 * An EventSigner from a key per tenant (`keyOf`): a producer library holds one tenant's key,
 * routing's HTTP ingress one key for every tenant it authenticated itself. A tenant without a
 * key publishes unsigned (its events are refused unless the tenant accepts unsigned producers).
 */
export class Ed25519EventSigner implements EventSigner {
  constructor(
    private readonly keyOf: (tenantId: string) => SigningKey | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  headersFor(topic: TopicKey, tenantId: string, value: Uint8Array): Record<string, string> {
    const key = Topics[topic].signed ? this.keyOf(tenantId) : undefined;
    if (!key) return {};
    const signedAt = String(this.now());
    const signature = sign(null, signedBytes(topic, key.keyId, signedAt, value), key.privateKey);
    return { [BusHeaders.signature]: signature.toString('base64'), [BusHeaders.signer]: key.keyId, [BusHeaders.signedAt]: signedAt };
  }
}

/** True when `signature` is `keyId`'s Ed25519 signature of the event at `signedAtMs`. */
export function verifyEventSignature(publicKey: KeyObject, topic: TopicKey, keyId: string, signedAtMs: string, value: Uint8Array, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64) return false;
  return verify(null, signedBytes(topic, keyId, signedAtMs, value), publicKey, bytes);
}

/** A new producer credential: the private key (PKCS#8 PEM, for the producer) and the public key to register (base64 SPKI DER). */
export function generateProducerKey(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

/** Reads a registered public key (base64 SPKI DER or PEM); throws when it is not an Ed25519 public key. */
export function producerPublicKey(encoded: string): KeyObject {
  const key = encoded.includes('BEGIN') ? createPublicKey(encoded) : createPublicKey({ key: Buffer.from(encoded, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
}

/** Reads a producer's private key (PKCS#8 PEM). */
export function producerPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  return key;
}
