import { Logger } from '@nestjs/common';
import type { Channel } from '@switchback/contracts';
import { CircuitBreaker, type BreakerClock, type BreakerOptions, type BreakerPermit, type BreakerState, type BreakerTransition } from './circuit-breaker';

/** One path's breaker moved. */
export interface CircuitChange {
  readonly channel: Channel;
  readonly pathId: string;
  readonly transition: BreakerTransition;
}

/** Where transitions go (the alert event, metrics): side effects behind a port. */
export interface CircuitSink {
  changed(change: CircuitChange): Promise<void> | void;
}

/** The channel-level flag routing reads: set while every path is open, cleared otherwise. */
export interface ChannelFlag {
  raise(channel: Channel, ttlMs: number): Promise<void>;
  lower(channel: Channel): Promise<void>;
}

export interface PathPermit {
  readonly pathId: string;
  readonly permit: BreakerPermit;
}

/**
 * The breakers of one gateway's paths (hubs, SMSC connectors) for one channel. Transitions fan
 * out, in order and off the caller's path, to the sinks and the channel flag: when every
 * path is open the flag is raised with a TTL ending at the earliest cool-down end (so it
 * expires by itself if this gateway dies); when a path closes or half-opens it is lowered.
 * A failing sink is logged, never thrown into a send.
 */
export class ChannelBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private effects: Promise<void> = Promise.resolve();
  private readonly logger = new Logger('ChannelBreakers');

  constructor(
    readonly channel: Channel,
    readonly pathIds: readonly string[],
    options: BreakerOptions,
    private readonly clock: BreakerClock,
    private readonly sinks: readonly CircuitSink[],
    private readonly flag: ChannelFlag,
  ) {
    if (pathIds.length === 0 || new Set(pathIds).size !== pathIds.length) throw new RangeError('need one or more distinct path ids');
    for (const pathId of pathIds) {
      const breaker = new CircuitBreaker(options, clock);
      breaker.onTransition((transition) => this.enqueue({ channel, pathId, transition }));
      this.breakers.set(pathId, breaker);
    }
  }

  state(pathId: string): BreakerState {
    return this.breaker(pathId).state;
  }

  /** A permit on this path, or undefined while its breaker refuses calls. */
  acquire(pathId: string): BreakerPermit | undefined {
    return this.breaker(pathId).acquire();
  }

  /** A permit on the first usable path, in the given order (all paths by default). */
  acquireAny(order: readonly string[] = this.pathIds): PathPermit | undefined {
    for (const pathId of order) {
      const permit = this.acquire(pathId);
      if (permit) return { pathId, permit };
    }
    return undefined;
  }

  /** Resolves once every side effect of the transitions so far has run (tests, shutdown). */
  settled(): Promise<void> {
    return this.effects;
  }

  private breaker(pathId: string): CircuitBreaker {
    const breaker = this.breakers.get(pathId);
    if (!breaker) throw new RangeError(`unknown path ${pathId}`);
    return breaker;
  }

  private enqueue(change: CircuitChange): void {
    // Decide the flag now, from the state right after this transition; apply it in order.
    const allOpen = [...this.breakers.values()].every((b) => b.state === 'open');
    const ttlMs = allOpen ? Math.min(...[...this.breakers.values()].map((b) => b.openUntil)) - this.clock.now() : 0;
    const logFailure = (what: string) => (error: unknown) => this.logger.warn({ pathId: change.pathId, err: error instanceof Error ? error.message : String(error) }, `circuit ${what} failed`);
    this.effects = this.effects.then(async () => {
      await Promise.all(this.sinks.map((sink) => Promise.resolve().then(() => sink.changed(change)).catch(logFailure('sink'))));
      if (allOpen && ttlMs > 0) await this.flag.raise(change.channel, ttlMs).catch(logFailure('flag raise'));
      else if (change.transition.to !== 'open') await this.flag.lower(change.channel).catch(logFailure('flag lower'));
    });
  }
}
