import { Logger } from '@nestjs/common';
import type { Channel } from '@switchback/contracts';
import { CircuitBreaker, validateBreakerOptions, type BreakerClock, type BreakerOptions, type BreakerPermit, type BreakerState, type BreakerTransition } from './circuit-breaker';
import type { SharedCircuitStore, SharedPathState } from './shared-circuit-store';
import { SharedPathBreaker } from './shared-path-breaker';

/** One path's breaker moved. */
export interface CircuitChange {
  readonly channel: Channel;
  readonly pathId: string;
  readonly transition: BreakerTransition;
}

/** What this instance now treats as a path's state. */
export interface CircuitView {
  readonly channel: Channel;
  readonly pathId: string;
  readonly state: BreakerState;
}

/** Where transitions go (the alert event, metrics): side effects behind a port. */
export interface CircuitSink {
  /** A transition this instance made (with shared state: once per transition, whichever instance made it). */
  changed(change: CircuitChange): Promise<void> | void;
  /** This instance's view of a path changed: its own transition, another instance's, or a fallback. */
  observed?(view: CircuitView): void;
  /** Whether the state is shared through the store (false: this instance's local breakers). */
  sharing?(channel: Channel, shared: boolean): void;
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

/** Breaker state shared by every instance of the gateway (CIRCUIT_SHARED). */
export interface SharedBreakersOptions {
  readonly store: SharedCircuitStore;
  /** How often the shared state is re-read: the bound on how late this instance learns another's transition. */
  readonly syncMs: number;
}

interface PathView {
  readonly state: BreakerState;
  readonly openUntil: number;
}

const CLOSED: PathView = { state: 'closed', openUntil: 0 };

/**
 * The breakers of one gateway's paths (hubs, SMSC connectors) for one channel. Local (one
 * CircuitBreaker per path in this instance) or, with `shared`, one state per path in a store
 * every instance uses (SharedPathBreaker), from its first successful read on; while the store
 * fails, local breakers take over (sends are never refused because the store is down) until
 * a periodic read succeeds again.
 *
 * Transitions and changes of this instance's view fan out, in order and off the caller's path,
 * to the sinks and the channel flag: when every path is open the flag is raised with a TTL
 * ending at the earliest cool-down end (so it expires by itself if the gateways die); when a
 * path closes or half-opens it is lowered. A failing sink is logged, never thrown into a send.
 */
export class ChannelBreakers {
  /** The local breakers: always without a store; with one, until it first answers and while it fails. */
  private local?: Map<string, CircuitBreaker>;
  private readonly shared?: Map<string, SharedPathBreaker>;
  private readonly store?: SharedCircuitStore;
  private readonly views = new Map<string, PathView>();
  private effects: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Promise<unknown>>();
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('ChannelBreakers');

  constructor(
    readonly channel: Channel,
    readonly pathIds: readonly string[],
    private readonly options: BreakerOptions,
    private readonly clock: BreakerClock,
    private readonly sinks: readonly CircuitSink[],
    private readonly flag: ChannelFlag,
    shared?: SharedBreakersOptions,
  ) {
    if (pathIds.length === 0 || new Set(pathIds).size !== pathIds.length) throw new RangeError('need one or more distinct path ids');
    validateBreakerOptions(options);
    for (const pathId of pathIds) this.views.set(pathId, CLOSED);
    // Local until the store first answers (at boot the connection may not be up yet).
    this.local = this.localBreakers();
    this.notifySharing(false);
    if (!shared) return;
    const host = { applied: (pathId: string, state: SharedPathState) => this.applied(pathId, state), failed: (error: unknown) => this.failed(error), track: (work: Promise<unknown>) => this.track(work) };
    this.store = shared.store;
    this.shared = new Map(pathIds.map((pathId) => [pathId, new SharedPathBreaker(pathId, options, clock, shared.store, host)]));
    this.track(this.sync());
    this.timer = setInterval(() => this.track(this.sync()), shared.syncMs);
    this.timer.unref();
  }

  /**
   * Waits (at most `timeoutMs`) until the store answers, so a pod that boots with Redis up starts
   * shared: what local breakers learn before the switch is not carried over, and the first
   * failing calls after boot must count for every pod. Resolves either way (local is fail-safe).
   */
  async shareWhenReachable(timeoutMs: number, retryMs = 100): Promise<'shared' | 'local'> {
    const deadline = Date.now() + timeoutMs;
    while (this.store && this.local && Date.now() < deadline) {
      await this.sync();
      if (this.local) await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
    return this.mode;
  }

  /** 'shared' while the state lives in the store, 'local' without one or while it fails. */
  get mode(): 'shared' | 'local' {
    return this.local ? 'local' : 'shared';
  }

  state(pathId: string): BreakerState {
    return this.path(pathId).state;
  }

  /** A permit on this path, or undefined while its breaker refuses calls. */
  acquire(pathId: string): BreakerPermit | undefined {
    return this.path(pathId).acquire();
  }

  /** A permit on the first usable path, in the given order (all paths by default). */
  acquireAny(order: readonly string[] = this.pathIds): PathPermit | undefined {
    for (const pathId of order) {
      const permit = this.acquire(pathId);
      if (permit) return { pathId, permit };
    }
    return undefined;
  }

  /** Reads the shared state now (also every syncMs); back to shared mode if the store answers. */
  async sync(): Promise<void> {
    const store = this.store;
    if (!store) return;
    let states: SharedPathState[];
    try {
      states = await Promise.all(this.pathIds.map((pathId) => store.read(pathId)));
    } catch (error) {
      this.failed(error);
      return;
    }
    if (this.local) {
      this.local = undefined;
      this.logger.log({ channel: this.channel }, 'circuit state shared through the store');
      this.notifySharing(true);
    }
    states.forEach((state, i) => this.applied(this.pathIds[i]!, state));
  }

  /** Resolves once every store call and side effect so far has run (tests, shutdown). */
  async settled(): Promise<void> {
    do {
      await Promise.allSettled([...this.pending]);
      await this.effects;
    } while (this.pending.size > 0);
  }

  /** Stops the periodic read. */
  close(): void {
    clearInterval(this.timer);
  }

  onModuleDestroy(): void {
    this.close();
  }

  private path(pathId: string): Pick<CircuitBreaker, 'state' | 'acquire'> {
    const breaker = (this.local ?? this.shared)?.get(pathId);
    if (!breaker) throw new RangeError(`unknown path ${pathId}`);
    return breaker;
  }

  private localBreakers(): Map<string, CircuitBreaker> {
    const breakers = new Map<string, CircuitBreaker>();
    for (const pathId of this.pathIds) {
      const breaker = new CircuitBreaker(this.options, this.clock);
      breaker.onTransition((transition) => {
        // A permit taken before the store came back reports to a breaker no longer in use.
        if (this.local === breakers) this.moved(pathId, { state: transition.to, openUntil: transition.openUntil }, { channel: this.channel, pathId, transition });
      });
      breakers.set(pathId, breaker);
    }
    return breakers;
  }

  private applied(pathId: string, state: SharedPathState): void {
    this.shared?.get(pathId)?.update(state);
    const change = state.transition ? { channel: this.channel, pathId, transition: state.transition } : undefined;
    // While local, the local breakers are this instance's view; a shared transition still happened.
    if (this.local) {
      if (change) this.moved(pathId, undefined, change);
      return;
    }
    this.moved(pathId, { state: state.state, openUntil: state.state === 'open' ? state.openUntil : 0 }, change);
  }

  private failed(error: unknown): void {
    if (this.local) return;
    this.logger.warn({ channel: this.channel, err: error instanceof Error ? error.message : String(error) }, 'circuit state store unavailable: local breakers until it answers again');
    this.local = this.localBreakers();
    this.notifySharing(false);
    for (const pathId of this.pathIds) this.moved(pathId, CLOSED);
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private notifySharing(shared: boolean): void {
    for (const sink of this.sinks) {
      try {
        sink.sharing?.(this.channel, shared);
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'circuit sink failed');
      }
    }
  }

  /** A path's view changed and/or this instance made a transition: sinks, then the flag. */
  private moved(pathId: string, view: PathView | undefined, change?: CircuitChange): void {
    const before = this.views.get(pathId)!;
    if (view) this.views.set(pathId, view);
    const viewMoved = view !== undefined && (before.state !== view.state || before.openUntil !== view.openUntil);
    if (!change && !viewMoved) return;
    // Decide the flag now, from the views right after this change; apply it in order.
    const views = [...this.views.values()];
    const allOpen = views.every((v) => v.state === 'open');
    const ttlMs = allOpen ? Math.min(...views.map((v) => v.openUntil)) - this.clock.now() : 0;
    const logFailure = (what: string) => (error: unknown) => this.logger.warn({ pathId, err: error instanceof Error ? error.message : String(error) }, `circuit ${what} failed`);
    this.effects = this.effects.then(async () => {
      if (change) await Promise.all(this.sinks.map((sink) => Promise.resolve().then(() => sink.changed(change)).catch(logFailure('sink'))));
      if (viewMoved) for (const sink of this.sinks) await Promise.resolve().then(() => sink.observed?.({ channel: this.channel, pathId, state: view.state })).catch(logFailure('sink'));
      if (!viewMoved) return;
      if (allOpen && ttlMs > 0) await this.flag.raise(this.channel, ttlMs).catch(logFailure('flag raise'));
      else if (view.state !== 'open') await this.flag.lower(this.channel).catch(logFailure('flag lower'));
    });
  }
}
