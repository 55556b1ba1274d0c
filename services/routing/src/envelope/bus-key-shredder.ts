import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { BusEnvelopeHandle, CONFIG, PeriodicTask } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';

/** Keys destroyed per statement: a large backlog (a long outage) goes in bounded steps. */
const BATCH = 500;

/**
 * Crypto-shredding on schedule: a data key is destroyed once every message it sealed is past
 * LIFECYCLE_MAX_AGE_S (its bucket's end + the maximum age), so the copies Kafka still keeps
 * (events, retry tiers, dead letters) can no longer be read by anyone, service credentials
 * included. Every routing instance runs it; the store's SKIP LOCKED keeps them from colliding.
 */
@Injectable()
export class BusKeyShredder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BusKeyShredder.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly envelope: BusEnvelopeHandle,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'LIFECYCLE_MAX_AGE_S' | 'BUS_ENVELOPE_SHRED_INTERVAL_MS'>,
  ) {
    this.task = new PeriodicTask('bus key shredder', config.BUS_ENVELOPE_SHRED_INTERVAL_MS, () => this.shred());
  }

  onModuleInit(): void {
    if (this.envelope.cipher) this.task.start();
    else this.logger.warn('BUS_ENVELOPE_KEKS is empty: message content and numbers travel on Kafka in plaintext (development only)');
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** Destroys the due keys; returns how many. */
  async shred(): Promise<number> {
    const cipher = this.envelope.cipher;
    if (!cipher) return 0;
    let total = 0;
    let destroyed: number;
    do {
      destroyed = await cipher.shred(this.config.LIFECYCLE_MAX_AGE_S * 1_000, BATCH);
      total += destroyed;
    } while (destroyed === BATCH);
    if (total > 0) this.logger.log(`destroyed ${total} bus data keys past LIFECYCLE_MAX_AGE_S`);
    return total;
  }
}
