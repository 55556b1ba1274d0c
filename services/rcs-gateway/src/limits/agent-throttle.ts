import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, CONFIG, type SleepingClock } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { RbmThrottledException } from '../rbm/rbm.exception';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { TokenBucket } from './token-bucket';

/**
 * The agent's limits in this instance, applied to every call to the hub: a Retry-After
 * cool-down, a token bucket (msg/s) and a cap on calls in flight. A call that cannot get
 * through within RBM_PERMIT_WAIT_MAX_MS throws a retriable exception instead of holding its
 * partition: the bus parks it on a retry topic.
 */
@Injectable()
export class AgentThrottle {
  private readonly bucket: TokenBucket;
  private readonly slots: ConcurrencyLimiter;
  private pausedUntilMs = 0;

  constructor(
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
    @Inject(CLOCK) private readonly clock: SleepingClock,
    private readonly metrics: RcsMetrics,
  ) {
    this.bucket = new TokenBucket(config.RBM_RATE_PER_SECOND, config.RBM_RATE_BURST, clock.now());
    this.slots = new ConcurrencyLimiter(config.RBM_MAX_IN_FLIGHT);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const deadline = this.clock.now() + this.config.RBM_PERMIT_WAIT_MAX_MS;
    const pauseMs = this.pausedUntilMs - this.clock.now();
    if (pauseMs > 0) {
      if (pauseMs > deadline - this.clock.now()) throw this.throttled('cool_down');
      await this.clock.sleep(pauseMs);
    }
    const waitMs = this.bucket.reserve(this.clock.now(), Math.max(0, deadline - this.clock.now()));
    if (waitMs === undefined) throw this.throttled('rate');
    if (waitMs > 0) await this.clock.sleep(waitMs);
    let release: () => void;
    try {
      release = await this.slots.acquire(Math.max(0, deadline - this.clock.now()));
    } catch {
      throw this.throttled('concurrency');
    }
    this.metrics.inFlight.inc();
    try {
      return await work();
    } finally {
      this.metrics.inFlight.dec();
      release();
    }
  }

  /** The hub asked us to slow down: no call for this agent starts before `ms` from now. */
  coolDown(ms: number): void {
    const bounded = Math.min(Math.max(0, ms), this.config.RBM_RETRY_AFTER_MAX_MS);
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.clock.now() + bounded);
  }

  private throttled(limit: 'rate' | 'concurrency' | 'cool_down'): RbmThrottledException {
    this.metrics.throttled.inc({ limit });
    return new RbmThrottledException(limit);
  }
}
