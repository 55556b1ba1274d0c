import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock, CONFIG, PeriodicTask } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { Channel, DeliveryStatus } from '@switchback/contracts';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { isRcs, OPEN_LEG_STATES } from './lifecycle-state';
import type { LockedMessage, TerminalRow } from './lifecycle-rows';
import { Outbox, type StagedOutbox } from '../outbox/outbox';
import { StagedEvents } from '../outbox/staged-events';
import { LifecycleRepository } from './lifecycle.repository';
import { LifecycleService, revokeEventId } from './lifecycle.service';
import { inMessageTrace } from './message-trace';
import { TerminalAnnouncer } from './terminal-announcer';

/** Rows per sweep: bounds the transaction and the burst of revokes. */
export const LIFECYCLE_SWEEP_BATCH = 100;

/**
 * Delivery deadlines and unannounced ends. An RCS leg with no DELIVERED by its deadline gets
 * a RevokeCommand (delivery_timeout; written to the outbox and published after the commit)
 * and turns `revoking`; the gateway's REVOKED then fails over, its DELIVERED
 * `already_delivered` ends the message delivered. A revoke left unanswered is sent again after
 * REVOKE_RETRY_MS. Ends committed but never announced (the instance died between commit and
 * publish) are announced again. Instances share the work (SKIP LOCKED). Each action runs in
 * the trace the message was dispatched in (message-trace.ts).
 */
@Injectable()
export class LifecycleSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly repository: LifecycleRepository,
    private readonly lifecycle: LifecycleService,
    private readonly announcer: TerminalAnnouncer,
    private readonly outbox: Outbox,
    private readonly metrics: RoutingMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'LIFECYCLE_SWEEP_INTERVAL_MS' | 'REVOKE_RETRY_MS' | 'TERMINAL_REPUBLISH_AFTER_MS' | 'LIFECYCLE_MAX_AGE_S'>,
  ) {
    this.task = new PeriodicTask('lifecycle sweep', config.LIFECYCLE_SWEEP_INTERVAL_MS, () => this.sweep());
  }

  onModuleInit(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One batch of each; returns how many legs were revoked, messages aged out and ends announced. */
  async sweep(): Promise<{ revoked: number; aged: number; announced: number }> {
    const revoked = await this.revokeDue();
    const aged = await this.expireStale();
    return { revoked, aged, announced: await this.announceStranded() };
  }

  /**
   * Ends messages no gateway ever gave a final outcome (a lost receipt) after
   * LIFECYCLE_MAX_AGE_S: EXPIRED `no_final_outcome`, sealed send deleted, announced after the
   * commit. So every dispatched message has an end, and no sealed send outlives that age.
   */
  async expireStale(): Promise<number> {
    const now = this.clock.now();
    const ended: TerminalRow[] = [];
    await this.repository.stale(new Date(now - this.config.LIFECYCLE_MAX_AGE_S * 1000), LIFECYCLE_SWEEP_BATCH, (tx) => inMessageTrace('max_age', tx.message, async () => {
      const open = tx.message.legs.filter((leg) => OPEN_LEG_STATES.includes(leg.state));
      for (const leg of open) await tx.setLeg(leg.leg, OPEN_LEG_STATES, 'expired', new Date(now), { deadlineAt: null });
      const last = open.at(-1) ?? tx.message.legs.at(-1);
      const terminal = await tx.end({ state: 'expired', status: 'expired', leg: last?.leg ?? 0, channel: last?.channel ?? Channel.UNSPECIFIED, reason: 'no_final_outcome', at: new Date(now) });
      if (terminal) ended.push(terminal);
    }));
    for (const terminal of ended) this.metrics.terminal(terminal.tenantId, DeliveryStatus.EXPIRED, terminal.channel);
    for (const terminal of ended) await inMessageTrace('announce_terminal', terminal, () => this.announcer.announce(terminal));
    return ended.length;
  }

  async revokeDue(): Promise<number> {
    const now = new Date(this.clock.now());
    const committed: { message: LockedMessage; leg: number; staged: StagedOutbox }[] = [];
    await this.repository.dueLegs(now, LIFECYCLE_SWEEP_BATCH, (tx, leg) => inMessageTrace('delivery_timeout', tx.message, async () => {
      if (!isRcs(leg.channel) || !tx.message.sealed) {
        // Nothing to revoke with: stop watching the deadline.
        await tx.setLeg(leg.leg, [leg.state], leg.state, now, { deadlineAt: null });
        return;
      }
      const [command] = this.lifecycle.revokes(tx, [leg.leg], 'delivery_timeout', now);
      if (!command) return;
      await tx.setLeg(leg.leg, ['live', 'revoking'], 'revoking', now, { revokeReason: 'delivery_timeout', deadlineAt: new Date(now.getTime() + this.config.REVOKE_RETRY_MS) });
      // To the outbox in this transaction: the batch's rows are never locked across a publish.
      const staged = new StagedEvents();
      void staged.publish('dispatchRevoke', command, { key: tx.message.recipientHash, messageId: revokeEventId(command) });
      committed.push({ message: tx.message, leg: leg.leg, staged: await tx.stage(this.outbox, staged.events) });
    }, leg.leg));
    // Committed: publish now (the outbox relay sends what fails here).
    for (const { message, leg, staged } of committed) await inMessageTrace('delivery_timeout', message, () => this.outbox.deliver(staged), leg);
    return committed.length;
  }

  async announceStranded(): Promise<number> {
    const rows = await this.repository.unannounced(new Date(this.clock.now() - this.config.TERMINAL_REPUBLISH_AFTER_MS), LIFECYCLE_SWEEP_BATCH);
    for (const row of rows) await inMessageTrace('announce_terminal', row, () => this.announcer.announce(row));
    return rows.length;
  }
}
