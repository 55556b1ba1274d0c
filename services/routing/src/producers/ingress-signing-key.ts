import { Ed25519EventSigner, type SigningKey } from '@switchback/bus';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * The key routing's HTTP ingress signs its send requests with: made at boot, one per process,
 * and registered in the producer registry for any tenant (ANY_TENANT) before the consumers
 * start, so every routing instance verifies every other's. Not revoked at shutdown: its events
 * may still wait on the topic.
 */
export class IngressSigningKey implements SigningKey {
  readonly keyId = `ingress-${randomBytes(6).toString('hex')}`;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** Signs every tenant's send requests: the ingress authenticated the tenant by its API key. */
  signer(): Ed25519EventSigner {
    return new Ed25519EventSigner(() => this);
  }
}
