import { Inject, Injectable } from '@nestjs/common';
import { BusHeaders, verifyEventSignature, type EventContext } from '@switchback/bus';
import type { SendRequested } from '@switchback/contracts';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { ANY_TENANT, ProducerKeyRegistry } from './producer-key.registry';
import { EventSignatureException } from './signature.exception';

/** How far a signer's clock may run ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Checks that a send request was signed by a live key of its own tenant (or by routing's HTTP
 * ingress). Unsigned events pass only for tenants listed in UNSIGNED_PRODUCER_TENANTS. An old
 * signature (SIGNED_EVENT_MAX_AGE_S) is refused on first delivery, so a copied event cannot be
 * replayed later; retries of an accepted event are not aged out.
 */
@Injectable()
export class EventSignatureVerifier {
  constructor(
    private readonly keys: ProducerKeyRegistry,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'UNSIGNED_PRODUCER_TENANTS' | 'SIGNED_EVENT_MAX_AGE_S'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(send: SendRequested, context: EventContext): Promise<void> {
    const headers = context.headers ?? {};
    const signature = headers[BusHeaders.signature];
    const keyId = headers[BusHeaders.signer];
    const signedAt = headers[BusHeaders.signedAt];
    if (!signature || !keyId || !signedAt || !context.value) {
      if (this.config.UNSIGNED_PRODUCER_TENANTS.includes(send.tenantId)) return;
      throw new EventSignatureException('signature_missing', 'the send request is not signed and its tenant accepts only signed producers');
    }
    const key = await this.keys.find(keyId);
    if (!key) throw new EventSignatureException('signature_unknown_key', `no producer key ${keyId}`);
    if (key.revoked) throw new EventSignatureException('signature_revoked_key', `producer key ${keyId} is revoked`);
    if (key.tenantId !== ANY_TENANT && key.tenantId !== send.tenantId) throw new EventSignatureException('signature_wrong_tenant', `producer key ${keyId} does not sign for this tenant`);
    if (!/^\d{1,16}$/.test(signedAt) || !verifyEventSignature(key.publicKey, context.topic, keyId, signedAt, context.value, signature)) {
      throw new EventSignatureException('signature_invalid', `the signature of producer key ${keyId} does not verify`);
    }
    const age = this.clock.now() - Number(signedAt);
    if (context.attempt === 1 && (age > this.config.SIGNED_EVENT_MAX_AGE_S * 1_000 || age < -FUTURE_SKEW_MS)) {
      throw new EventSignatureException('signature_expired', `signed ${Math.round(age / 1000)} s ago, outside SIGNED_EVENT_MAX_AGE_S`);
    }
  }
}
