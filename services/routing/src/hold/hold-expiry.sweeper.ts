import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { ActionTaken, Channel, create, SendRequestedSchema } from '@switchback/contracts';
import { CLOCK, type Clock, CONFIG, PeriodicTask } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { traceOf, type EndedWithoutLeg, type TerminalRow } from '../lifecycle/lifecycle-rows';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { inMessageTrace } from '../lifecycle/message-trace';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { trafficTypeOf } from '../routing/send-inputs';
import { heldDecision } from './held-decision';
import type { HeldMessageEntity } from './held-message.entity';
import { HeldMessageRepository } from './held-message.repository';

/** Rows per sweep: bounds the transaction and the burst of EXPIRED decisions. */
export const SWEEP_BATCH = 200;

/** The terminal reason of a held message nobody overrode in time. */
export const HOLD_EXPIRED_REASON = 'hold_expired';

/** A hold nobody overrode: the message ends EXPIRED `hold_expired`, without a leg. */
const holdExpired = (row: HeldMessageEntity, at: Date): EndedWithoutLeg => ({
  messageId: row.messageId,
  tenantId: row.tenantId,
  recipientHash: row.recipientHash,
  trafficType: trafficTypeOf(create(SendRequestedSchema, { trafficType: row.trafficType })),
  requestedAtMs: BigInt(row.requestedAtMs),
  createdAt: row.heldAt,
  state: 'expired',
  status: 'expired',
  reason: HOLD_EXPIRED_REASON,
  at,
  trace: traceOf(row),
});

/**
 * Deletes the content of holds nobody overrode in time: each due row becomes 'expired', its
 * sealed values NULL, an EXPIRED decision is published for it (before the rows change) and its
 * message ends EXPIRED `hold_expired` (lifecycle row written in the same transaction, its
 * MessageTerminal announced after the commit, or by the lifecycle sweeper if this instance
 * dies in between). Each in the trace the send was held in.
 */
@Injectable()
export class HoldExpirySweeper implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly repository: HeldMessageRepository,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'HOLD_SWEEP_INTERVAL_MS'>,
    private readonly metrics: RoutingMetrics,
    private readonly lifecycle: LifecycleService,
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
    const ended: TerminalRow[] = [];
    const expired = await this.repository.expireDue(new Date(now), SWEEP_BATCH, async (rows, manager) => {
      await Promise.all(
        rows.map((row) =>
          inMessageTrace('hold_expired', { messageId: row.messageId, trace: traceOf(row) }, async () => {
            const decision = heldDecision(row, { actionTaken: ActionTaken.EXPIRED, channel: Channel.UNSPECIFIED, policyVersion: row.policyVersion, decidedAtMs: now });
            await this.publisher.publish('routingDecision', decision, { key: row.recipientHash, messageId: row.messageId });
            this.metrics.decided(decision);
          }),
        ),
      );
      ended.push(...(await this.lifecycle.endWithoutLeg(manager, rows.map((row) => holdExpired(row, new Date(now))))));
    });
    await this.lifecycle.announceEnded(ended);
    return expired;
  }
}
