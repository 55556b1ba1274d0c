import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { SecureLinkEventType } from '@switchback/contracts';
import { CLOCK, type Clock, CONFIG, PeriodicTask } from '@switchback/runtime';
import type { PayloadStoreConfig } from '../config/payload-store.config';
import { eventIdOf, lifecycleEvent } from './link-events';
import { LinkMetrics } from './link-metrics';
import { SecureLinkRepository, type LinkMeta } from './secure-link.repository';

/**
 * Deletes links past their TTL in bounded batches and announces each as EXPIRED (inside the
 * delete's transaction: at least once). Claims already refuse expired rows; this removes the
 * ciphertext itself.
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


  /** Full batches mean more are due: keep going (bounded) rather than wait a whole interval. */
  private async drain(): Promise<void> {
    for (let batch = 0; batch < 20; batch++) {
      if ((await this.sweepOnce()) < this.config.LINK_SWEEP_BATCH) return;
    }
  }
}
