import { Injectable, Logger } from '@nestjs/common';
import { DeliveryStatus } from '@switchback/contracts';
import { withResumedSpan } from '@switchback/telemetry';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { LegStore, type LegRecord, type LegState } from './leg-store';
import { OutcomePublisher } from './outcome.publisher';

/** The JSON inside a webhook's message.data (fields we use; the phone number is never read). */
export interface RbmEvent {
  readonly eventType?: string;
  readonly eventId?: string;
  readonly messageId?: string;
}

interface EventMapping {
  /** RBM events never fail a leg (UNREACHABLE and rejections come from the send). */
  readonly status: Exclude<DeliveryStatus, DeliveryStatus.FAILED>;
  readonly reason?: string;
  /** The leg's new state; none = keep it (the message may still be delivered). */
  readonly state?: LegState;
}

const BY_EVENT_TYPE: Readonly<Record<string, EventMapping>> = {
  DELIVERED: { status: DeliveryStatus.DELIVERED, state: 'delivered' },
  READ: { status: DeliveryStatus.READ, state: 'read' },
  TTL_EXPIRATION_REVOKED: { status: DeliveryStatus.EXPIRED, reason: 'ttl_expiration_revoked', state: 'expired' },
  // RBM could not revoke at expiry: the leg stays submitted and may still be delivered, so
  // routing must not treat it as expired (falling back now risks a double delivery).
  TTL_EXPIRATION_REVOKE_FAILED: { status: DeliveryStatus.SUBMITTED, reason: 'ttl_expiration_revoke_failed' },
};

const STATE_RANK: Readonly<Record<LegState, number>> = { expired: 1, revoked: 1, delivered: 2, read: 3 };

/** Turns RBM user and server events into delivery outcomes, once per event id. */
@Injectable()
export class RbmEventService {
  private readonly logger = new Logger(RbmEventService.name);

  constructor(
    private readonly legs: LegStore,
    private readonly outcomes: OutcomePublisher,
    private readonly metrics: RcsMetrics,
  ) {}

  async handle(event: RbmEvent): Promise<void> {
    const type = event.eventType ?? 'none';
    const mapping = BY_EVENT_TYPE[type];
    if (!mapping || !event.messageId || !event.eventId) {
      this.metrics.webhookEvents.inc({ type: mapping ? type : 'other', outcome: 'ignored' });
      return;
    }
    const leg = await this.legs.find(event.messageId);
    if (!leg) {
      this.metrics.webhookEvents.inc({ type, outcome: 'unknown_leg' });
      this.logger.warn({ eventType: type, rbmMessageId: event.messageId }, 'RBM event for an unknown message');
      return;
    }
    if (!(await this.legs.claimEvent(event.eventId))) {
      this.metrics.webhookEvents.inc({ type, outcome: 'duplicate' });
      this.metrics.webhookDuplicates.inc();
      return;
    }
    // The outcome joins the trace of the leg's send; the webhook's own span is linked from it.
    const { eventId } = event;
    const attributes = { 'sb.message_id': leg.messageId, 'sb.leg': leg.leg, 'sb.channel': 'rcs', 'sb.receipt.type': type, 'sb.delivery_status': (DeliveryStatus[mapping.status] ?? 'unknown').toLowerCase() };
    await withResumedSpan('rcs delivery receipt', leg.trace, attributes, () => this.emit(leg, mapping, eventId));
    this.metrics.webhookEvents.inc({ type, outcome: 'emitted' });
  }

  private async emit(leg: LegRecord, mapping: EventMapping, eventId: string): Promise<void> {
    try {
      await this.outcomes.publish(leg, mapping.status, mapping.reason);
    } catch (error) {
      await this.legs.releaseEvent(eventId); // RBM redelivers on our non-200; let that one count
      throw error;
    }
    // READ can overtake DELIVERED: never move a leg's state backwards.
    if (mapping.state && STATE_RANK[mapping.state] > (leg.state ? STATE_RANK[leg.state] : 0)) await this.legs.update(leg, { state: mapping.state });
  }
}
