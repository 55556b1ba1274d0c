import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import type { DeliveryOutcome } from '@switchback/contracts';
import { MessageLedger } from '../messages/message-ledger';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { MalformedOutcomeException } from './lifecycle.exception';
import { LifecycleService } from './lifecycle.service';

/** The latest time a JavaScript Date (and so a timestamptz column written from one) holds. */
const MAX_DATE_MS = 8_640_000_000_000_000n;
const MAX_LEG = 2_147_483_647; // an int column

/**
 * Outcomes are written in group commits: one that Postgres refuses would fail every other
 * outcome of its statement, so it is refused here, alone.
 */
function checkWritable(outcome: DeliveryOutcome): void {
  if (outcome.occurredAtMs < 0n || outcome.occurredAtMs > MAX_DATE_MS) throw new MalformedOutcomeException('outcome time out of range');
  if (outcome.leg > MAX_LEG) throw new MalformedOutcomeException('outcome leg out of range');
  // A text column holds no NUL character.
  if ([outcome.messageId, outcome.tenantId, outcome.recipientHash, outcome.carrierMessageId, outcome.reason].some((text) => text.includes('\u0000'))) throw new MalformedOutcomeException('outcome text holds a NUL character');
}

/** Thin edge: each delivery outcome updates its leg in the message view, then moves the lifecycle. */
@Injectable()
export class DeliveryOutcomeConsumer {
  constructor(
    private readonly ledger: MessageLedger,
    private readonly lifecycle: LifecycleService,
    private readonly metrics: RoutingMetrics,
  ) {}

  @OnEvent('deliveryOutcome', { group: 'routing-outcomes' })
  async handle(outcome: DeliveryOutcome, _context: EventContext): Promise<void> {
    if (!outcome.messageId || outcome.leg === 0) return; // nothing to attach it to
    checkWritable(outcome);
    await this.ledger.recordOutcome(outcome);
    await this.lifecycle.onOutcome(outcome);
    this.metrics.outcome(outcome);
  }
}
