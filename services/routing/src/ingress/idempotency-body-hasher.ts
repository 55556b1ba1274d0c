import { Inject, Injectable } from '@nestjs/common';
import { HmacKeyRing } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { bodyDigest, type MessageRequest } from './message-request';

/** What routing stored before keyed body hashes: a bare SHA-256 in hex. */
const LEGACY = /^[0-9a-f]{64}$/;

/**
 * The body hash an Idempotency-Key is stored with: "<key id>:<hex>", HMAC-SHA256 under
 * IDEMPOTENCY_BODY_KEYS (routing only) of the body's canonical SHA-256. Hashing the digest, not
 * the body, lets a legacy row (its bare SHA-256) be re-keyed in place to exactly the value a new
 * request with that body stores, without ever having the body.
 */
@Injectable()
export class IdempotencyBodyHasher {
  private readonly ring: HmacKeyRing;

  constructor(@Inject(CONFIG) config: Pick<RoutingConfig, 'IDEMPOTENCY_BODY_KEYS'>) {
    this.ring = new HmacKeyRing('switchback.idempotency-body.v1', config.IDEMPOTENCY_BODY_KEYS);
  }

  hash(request: MessageRequest): string {
    return this.ring.digest(bodyDigest(request));
  }

  /** True when `stored` is this body's hash, under the key it names (or a not yet re-keyed legacy hash). */
  matches(request: MessageRequest, stored: string): boolean {
    const digest = bodyDigest(request);
    return LEGACY.test(stored) ? stored === digest : this.ring.matches(digest, stored);
  }

  isLegacy(stored: string): boolean {
    return LEGACY.test(stored);
  }

  /** A legacy hash re-keyed under the current key: what a request with that body stores today. */
  rekey(legacy: string): string {
    if (!LEGACY.test(legacy)) throw new Error('not a legacy body hash');
    return this.ring.digest(legacy);
  }
}
