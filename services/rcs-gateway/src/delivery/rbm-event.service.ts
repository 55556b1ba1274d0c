import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus } from '@switchback/contracts';
import { LegStore } from './leg-store';

export interface RbmEvent {
  readonly eventType?: string;
  readonly eventId?: string;
  readonly messageId?: string;
}

const STATUS_BY_EVENT: Record<string, DeliveryStatus> = {
  DELIVERED: DeliveryStatus.DELIVERED,
  READ: DeliveryStatus.READ,
  TTL_EXPIRATION_REVOKED: DeliveryStatus.EXPIRED,
};

/** Turns RBM user and server events into delivery outcomes, once per event id. */
@Injectable()
export class RbmEventService {
  private readonly logger = new Logger(RbmEventService.name);

  constructor(
    private readonly legs: LegStore,
    private readonly publisher: EventPublisher,
  ) {}

  async handle(event: RbmEvent): Promise<void> {
    const status = event.eventType ? STATUS_BY_EVENT[event.eventType] : undefined;
    if (!status || !event.messageId || !event.eventId) return;
    const leg = await this.legs.find(event.messageId);
    if (!leg) {
      this.logger.warn({ eventType: event.eventType }, 'RBM event for an unknown message');
      return;
    }
    if (!(await this.legs.firstSighting(event.eventId))) return;
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: leg.messageId,
      tenantId: leg.tenantId,
      recipientHash: leg.recipientHash,
      channel: Channel.RCS,
      leg: leg.leg,
      status,
      carrierMessageId: event.messageId,
      requestedAtMs: BigInt(leg.requestedAtMs),
      occurredAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: leg.recipientHash, messageId: leg.messageId });
  }
}
