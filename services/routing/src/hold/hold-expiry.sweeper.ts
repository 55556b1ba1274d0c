import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventPublisher } from '@switchback/bus';
import { ActionTaken, Channel } from '@switchback/contracts';
import { CONFIG, PeriodicTask } from '@switchback/runtime';
import { CLOCK, type Clock } from '../clock';
import type { RoutingConfig } from '../config/routing.config';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { heldDecision } from './held-decision';
import { HeldMessageRepository } from './held-message.repository';

/** Rows per sweep: bounds the transaction and the burst of EXPIRED decisions. */
export const SWEEP_BATCH = 200;

/**
 * Deletes the content of holds nobody overrode in time: each due row becomes 'expired', its
 * sealed values NULL, and an EXPIRED decision is published for it (before the rows change).
 */
@Injectable()
export class HoldExpirySweeper implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly repository: HeldMessageRepository,
    private readonly publisher: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'HOLD_SWEEP_INTERVAL_MS'>,
    private readonly metrics: RoutingMetrics,
  ) {
    this.task = new PeriodicTask('hold expiry sweep', config.HOLD_SWEEP_INTERVAL_MS, () => this.sweep());
  }

  onModuleInit(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One batch of due holds; returns how many expired. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    return this.repository.expireDue(new Date(now), SWEEP_BATCH, async (rows) => {
      await Promise.all(
        rows.map(async (row) => {
          const decision = heldDecision(row, { actionTaken: ActionTaken.EXPIRED, channel: Channel.UNSPECIFIED, policyVersion: row.policyVersion, decidedAtMs: now });
          await this.publisher.publish('routingDecision', decision, { key: row.recipientHash, messageId: row.messageId });
          this.metrics.decided(decision);
        }),
      );
    });
  }

}
