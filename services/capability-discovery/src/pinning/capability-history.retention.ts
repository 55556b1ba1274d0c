import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLOCK, CONFIG, PeriodicTask, type SleepingClock } from '@switchback/runtime';
import { DataSource } from 'typeorm';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';

/** Rows per statement: bounds each delete's lock time. */
export const HISTORY_BATCH = 1_000;
const DAY_MS = 24 * 3600 * 1000;

type RetentionConfig = Pick<CapabilityDiscoveryConfig, 'CAPABILITY_HISTORY_RETENTION_DAYS' | 'CAPABILITY_HISTORY_SWEEP_INTERVAL_MS'>;

/**
 * Deletes capability history older than the retention (data minimisation: it is keyed by
 * recipient hash, but still says who could receive what, when). Pins are kept: one row per
 * contact, and they are what downgrade detection needs.
 */
@Injectable()
export class CapabilityHistoryRetention implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: SleepingClock,
    @Inject(CONFIG) private readonly config: RetentionConfig,
  ) {
    this.task = new PeriodicTask('capability history retention', config.CAPABILITY_HISTORY_SWEEP_INTERVAL_MS, () => this.sweep());
  }

  onModuleInit(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Deletes up to `maxBatches` batches of expired history; returns how many rows went. */
  async sweep(maxBatches = 10): Promise<number> {
    const cutoff = new Date(this.clock.now() - this.config.CAPABILITY_HISTORY_RETENTION_DAYS * DAY_MS);
    let total = 0;
    for (let i = 0; i < maxBatches; i += 1) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM capability_level_changes WHERE id IN (SELECT id FROM capability_level_changes WHERE observed_at < $1 LIMIT ${HISTORY_BATCH})`,
        [cutoff],
      )) as [unknown[], number];
      total += deleted;
      if (deleted < HISTORY_BATCH) break;
    }
    return total;
  }

}
