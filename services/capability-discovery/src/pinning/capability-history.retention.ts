import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../capability/clock';
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
  private readonly logger = new Logger(CapabilityHistoryRetention.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: RetentionConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), this.config.CAPABILITY_HISTORY_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error: unknown) => this.logger.warn(`capability history retention failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
