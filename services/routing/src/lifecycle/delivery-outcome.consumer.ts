import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import type { DeliveryOutcome } from '@switchback/contracts';
import { MessageLedger } from '../messages/message-ledger';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { LifecycleService } from './lifecycle.service';

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
    await this.ledger.recordOutcome(outcome);
    await this.lifecycle.onOutcome(outcome);
    this.metrics.outcome(outcome);
  }
}
