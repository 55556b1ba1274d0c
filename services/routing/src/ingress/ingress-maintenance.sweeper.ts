import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock, CONFIG, PeriodicTask } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { LIFECYCLE_RETENTION_BATCH, LifecycleRetention } from '../lifecycle/lifecycle-retention';
import { IdempotencyBodyHasher } from './idempotency-body-hasher';
import { IngressRetention, RETENTION_BATCH } from './ingress-retention';

type MaintenanceConfig = Pick<RoutingConfig, 'IDEMPOTENCY_KEY_TTL_S' | 'ORPHAN_LEG_TTL_S' | 'LIFECYCLE_RETENTION_DAYS' | 'INGRESS_MAINTENANCE_INTERVAL_MS'>;

const DAY_MS = 86_400_000;

/** Periodic retention of routing's state (ingress keys, orphan outcomes, ended lifecycles) and re-keying of legacy body hashes, a bounded number of batches per run. */
@Injectable()
export class IngressMaintenanceSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly retention: IngressRetention,
    private readonly lifecycles: LifecycleRetention,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: MaintenanceConfig,
    private readonly bodies: IdempotencyBodyHasher,
  ) {
    this.task = new PeriodicTask('ingress retention', config.INGRESS_MAINTENANCE_INTERVAL_MS, () => this.sweep());
  }

  onModuleInit(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One run: up to `maxBatches` batches of each kind; returns what was deleted. */
  async sweep(maxBatches = 10): Promise<{ keys: number; orphanLegs: number; lifecycles: number; rekeyedBodies: number }> {
    const now = this.clock.now();
    // Rows written before body hashes were keyed (or by a pod of the previous release during a rollout).
    const rekeyedBodies = await this.drain(() => this.retention.rekeyLegacyBodies((legacy) => this.bodies.rekey(legacy)), maxBatches);
    const keys = await this.drain(() => this.retention.deleteKeysBefore(new Date(now - this.config.IDEMPOTENCY_KEY_TTL_S * 1000)), maxBatches);
    const orphanLegs = await this.drain(() => this.retention.deleteOrphanLegsBefore(new Date(now - this.config.ORPHAN_LEG_TTL_S * 1000)), maxBatches);
    const lifecycles = await this.drain(() => this.lifecycles.deleteEndedBefore(new Date(now - this.config.LIFECYCLE_RETENTION_DAYS * DAY_MS)), maxBatches, LIFECYCLE_RETENTION_BATCH);
    return { keys, orphanLegs, lifecycles, rekeyedBodies };
  }

  private async drain(batch: () => Promise<number>, maxBatches: number, batchSize = RETENTION_BATCH): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i += 1) {
      const deleted = await batch();
      total += deleted;
      if (deleted < batchSize) break;
    }
    return total;
  }

}
