import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FailureClass } from '@switchback/contracts';
import { CLOCK, type SleepingClock } from '@switchback/runtime';
import type { LegRecord } from './leg-store';

/** Publishes one DeliveryOutcome for an RCS leg (metadata only), keyed by recipient hash. */
@Injectable()
export class OutcomePublisher {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CLOCK) private readonly clock: SleepingClock,
  ) {}

  /** Any outcome but FAILED (a failure must say what a fallback may do: `fail`). */
  publish(leg: LegRecord, status: Exclude<DeliveryStatus, DeliveryStatus.FAILED>, reason = ''): Promise<void> {
    return this.send(leg, status, reason, FailureClass.UNSPECIFIED);
  }

  /** A FAILED leg, classified for routing's failover rule; `reason` is free text for people. */
  fail(leg: LegRecord, failureClass: Exclude<FailureClass, FailureClass.UNSPECIFIED>, reason: string): Promise<void> {
    return this.send(leg, DeliveryStatus.FAILED, reason, failureClass);
  }

  private async send(leg: LegRecord, status: DeliveryStatus, reason: string, failureClass: FailureClass): Promise<void> {
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: leg.messageId,
      tenantId: leg.tenantId,
      recipientHash: leg.recipientHash,
      channel: Channel.RCS,
      leg: leg.leg,
      status,
      carrierMessageId: leg.rbmMessageId,
      reason,
      failureClass,
      requestedAtMs: BigInt(leg.requestedAtMs),
      occurredAtMs: BigInt(this.clock.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: leg.recipientHash, messageId: leg.messageId });
  }
}
