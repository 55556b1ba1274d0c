import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CONFIG, PeriodicTask } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { Outbox } from './outbox';

const BATCH = 100;
/** Batches per tick at most: a backlog drains fast without one tick running for ever. */
const MAX_BATCHES = 20;

/** Every OUTBOX_RELAY_INTERVAL_MS, publishes outbox rows their transaction's caller did not. */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly outbox: Outbox,
    @Inject(CONFIG) config: Pick<RoutingConfig, 'OUTBOX_RELAY_INTERVAL_MS'>,
  ) {
    this.task = new PeriodicTask('outbox relay', config.OUTBOX_RELAY_INTERVAL_MS, () => this.drain());
  }

  onModuleInit(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Full batches mean more are due: keep going (bounded). Returns how many were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const published = await this.outbox.relayDue(BATCH);
      total += published;
      if (published < BATCH) break;
    }
    return total;
  }
}
