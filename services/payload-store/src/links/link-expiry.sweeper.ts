import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { SecureLinkEventType } from '@switchback/contracts';
import { CLOCK, type Clock, CONFIG, PeriodicTask } from '@switchback/runtime';
import type { PayloadStoreConfig } from '../config/payload-store.config';
import { eventIdOf, lifecycleEvent } from './link-events';
import { LinkKeyring } from './link-keyring';
import { LinkMetrics } from './link-metrics';
import { SecureLinkRepository, type LinkMeta } from './secure-link.repository';

/**
 * Deletes links past their TTL in bounded batches and announces each as EXPIRED (inside the
 * delete's transaction: at least once). Claims already refuse expired rows; this removes the
 * ciphertext itself. With a pepper configured it also re-keys legacy rows (stored before
 * peppers): their SHA-256 verifier becomes the keyed one and their ciphertext is wrapped.
 */
@Injectable()
export class LinkExpirySweeper implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly links: SecureLinkRepository,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly metrics: LinkMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<PayloadStoreConfig, 'LINK_SWEEP_INTERVAL_MS' | 'LINK_SWEEP_BATCH'>,
    private readonly keyring: LinkKeyring,
  ) {
    this.task = new PeriodicTask('link expiry sweep', config.LINK_SWEEP_INTERVAL_MS, () => this.drain());
  }

  onModuleInit(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One batch of due links; returns how many were deleted. */
  async sweepOnce(): Promise<number> {
    const now = this.clock.now();
    let deleted: LinkMeta[] = [];
    await this.links.expireDue(new Date(now), this.config.LINK_SWEEP_BATCH, async (links) => {
      const events = links.map((link) => lifecycleEvent(link, SecureLinkEventType.EXPIRED, now));
      await Promise.all(events.map((event) => this.publisher.publish('secureLinkLifecycle', event, { key: event.linkId, messageId: eventIdOf(event) })));
      deleted = links;
    });
    // Counted once committed.
    for (const link of deleted) this.metrics.expired.inc({ key_mode: link.keyMode });
    return deleted.length;
  }

  /** One batch of legacy rows re-keyed under the current pepper; 0 without a pepper. */
  rekeyOnce(): Promise<number> {
    if (this.keyring.currentKeyId === null) return Promise.resolve(0);
    return this.links.rekeyLegacy(this.config.LINK_SWEEP_BATCH, (row) => this.keyring.protect(row.id, row.verifier, row.ciphertext));
  }

  /** Full batches mean more are due: keep going (bounded) rather than wait a whole interval. */
  private async drain(): Promise<void> {
    try {
      for (let batch = 0; batch < 20; batch++) {
        if ((await this.sweepOnce()) < this.config.LINK_SWEEP_BATCH) break;
      }
    } finally {
      // Independent of the broker: a failed EXPIRED announcement must not delay re-keying.
      for (let batch = 0; batch < 20; batch++) {
        if ((await this.rekeyOnce()) < this.config.LINK_SWEEP_BATCH) break;
      }
    }
  }
}
