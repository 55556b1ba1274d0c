import { Inject, Injectable } from '@nestjs/common';
import { type EventContext, EventPublisher, type EventSink, OnEvent } from '@switchback/bus';
import type { SendRequested } from '@switchback/contracts';
import { PermanentException } from '@switchback/errors';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { EventSignatureVerifier } from './event-signature.verifier';
import { EventSignatureException } from './signature.exception';
import { publishRefusal } from './send-refusal';

/** A plaintext send request for a tenant that does not allow producers without its key. */
export class PlaintextNotAllowedException extends PermanentException {
  constructor(tenantId: string) {
    super('plaintext_not_allowed', `tenant ${tenantId} accepts only sealed send requests (PLAINTEXT_PRODUCER_TENANTS)`);
  }
}

/**
 * The first consumer of sb.send.requested.plaintext: checks the tenant allows plaintext producers
 * and that its producer signed the event, then publishes it again on sb.send.requested, sealed by
 * the bus envelope and signed by routing's ingress key, where it is routed like any send. The
 * plaintext itself stays on the broker only as long as that topic's retention (one hour).
 */
@Injectable()
export class PlaintextSendReencryptor {
  constructor(
    private readonly signatures: EventSignatureVerifier,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'PLAINTEXT_PRODUCER_TENANTS'>,
  ) {}

  @OnEvent('sendRequestedPlaintext', { group: 'routing-plaintext' })
  async reencrypt(send: SendRequested, context: EventContext): Promise<void> {
    if (!this.config.PLAINTEXT_PRODUCER_TENANTS.includes(send.tenantId)) return this.refuse(send, context, new PlaintextNotAllowedException(send.tenantId));
    await this.signatures.verify(send, context).catch((error: unknown) => this.refuse(send, context, error));
    // Keyed by message id like every producer's record: the number never becomes a record key.
    await this.publisher.publish('sendRequested', send, { key: send.messageId, messageId: send.messageId });
  }

  private async refuse(send: SendRequested, context: EventContext, error: unknown): Promise<never> {
    if (error instanceof PlaintextNotAllowedException || error instanceof EventSignatureException) await publishRefusal(this.publisher, send, context, error.code);
    throw error;
  }
}
