import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, type DeliveryStatus } from '@switchback/contracts';
import { CLOCK, type Clock } from '../limits/clock';
import type { LegRecord } from './leg-store';

/** Publishes one DeliveryOutcome for an RCS leg (metadata only), keyed by recipient hash. */
@Injectable()
export class OutcomePublisher {
  constructor(
    private readonly publisher: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(leg: LegRecord, status: DeliveryStatus, reason = ''): Promise<void> {
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: leg.messageId,
      tenantId: leg.tenantId,
      recipientHash: leg.recipientHash,
      channel: Channel.RCS,
      leg: leg.leg,
      status,
      carrierMessageId: leg.rbmMessageId,
      reason,
      requestedAtMs: BigInt(leg.requestedAtMs),
      occurredAtMs: BigInt(this.clock.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: leg.recipientHash, messageId: leg.messageId });
  }
}
