import { SlidingWindow } from './sliding-window';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Opens when failures / calls in the window reaches this (0 < ratio <= 1). */
  readonly failureRatio: number;
  /** The window: the last N calls ... */
  readonly windowCalls: number;
  /** ... that are also younger than this. */
  readonly windowMs: number;
  /** Fewer calls than this in the window never open the breaker (one error is not a trend). */
  readonly minCalls: number;
  /** First cool-down; each failed probe doubles it, up to maxCoolDownMs. */
  readonly coolDownMs: number;
  readonly maxCoolDownMs: number;
  /** Probe calls let through when half-open; all must succeed to close. */
  readonly halfOpenProbes: number;
}

export interface BreakerClock {
  now(): number;
}

/** Why the breaker moved: the window tripped it, a probe failed, or the probes all succeeded. */
export type TransitionReason = 'error_rate' | 'cool_down_over' | 'probe_failed' | 'probe_succeeded';

export interface BreakerTransition {
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly reason: TransitionReason;
  readonly at: number;
  /** The window (or probe round) that decided. */
  readonly failures: number;
  readonly calls: number;
  /** When open: the end of the cool-down (the first probe's time); otherwise 0. */
  readonly openUntil: number;
}

/**
 * What a caller holds for one call: report `success()` or `failure()` for a call that says
 * something about the path, or `release()` when it says nothing (refused locally, a
 * per-recipient answer counts as success). Reports after the breaker moved on are ignored.
 */
export interface BreakerPermit {
  success(): void;
  failure(): void;
  release(): void;
}

/**
 * A circuit breaker for one path (a carrier hub, an SMSC connector):
 *
 *   CLOSED --(window: calls >= minCalls and failures/calls >= ratio)--> OPEN
 *   OPEN --(cool-down over, at the next acquire)--> HALF_OPEN (at most halfOpenProbes calls)
 *   HALF_OPEN --(every probe succeeded)--> CLOSED (cool-down back to its first value)
 *   HALF_OPEN --(a probe failed)--> OPEN with the cool-down doubled (capped)
 *
 * Pure and synchronous, with an injected clock: the caller publishes the transitions.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private readonly window: SlidingWindow;
  private openUntilMs = 0;
  private coolDown: number;
  private probesInFlight = 0;
  private probeSuccesses = 0;
  /** Bumped on every transition, so a permit from an earlier state cannot move this one. */
  private generation = 0;
  private readonly listeners: ((transition: BreakerTransition) => void)[] = [];

  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: BreakerClock,
  ) {
    validateBreakerOptions(options);
    this.window = new SlidingWindow(options.windowCalls, options.windowMs);
    this.coolDown = options.coolDownMs;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** End of the current cool-down (0 unless open). */
  get openUntil(): number {
    return this.current === 'open' ? this.openUntilMs : 0;
  }

  onTransition(listener: (transition: BreakerTransition) => void): void {
    this.listeners.push(listener);
  }

  /** A permit for one call, or undefined when the path must not be used now. */
  acquire(): BreakerPermit | undefined {
    if (this.current === 'open') {
      if (this.clock.now() < this.openUntilMs) return undefined;
      this.moveTo('half_open', 'cool_down_over', 0, 0);
    }
    if (this.current === 'half_open') {
      if (this.probesInFlight + this.probeSuccesses >= this.options.halfOpenProbes) return undefined;
      this.probesInFlight += 1;
    }
    return this.permit(this.generation, this.current === 'half_open');
  }

  /** True when acquire() would hand out a permit now (no state change). */
  get available(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') return this.clock.now() >= this.openUntilMs;
    return this.probesInFlight + this.probeSuccesses < this.options.halfOpenProbes;
  }

  private permit(generation: number, probe: boolean): BreakerPermit {
    let used = false;
    const once = (report: () => void) => () => {
      if (used) return;
      used = true;
      if (generation !== this.generation) return; // the breaker moved on since this call began
      if (probe) this.probesInFlight -= 1;
      report();
    };
    return {
      success: once(() => (probe ? this.probeSucceeded() : this.recordClosed(false))),
      failure: once(() => (probe ? this.probeFailed() : this.recordClosed(true))),
      release: once(() => undefined),
    };
  }

  private recordClosed(failed: boolean): void {
    const now = this.clock.now();
    this.window.record(now, failed);
    if (!failed) return;
    const { calls, failures } = this.window.counts(now);
    if (calls >= this.options.minCalls && failures / calls >= this.options.failureRatio) this.open('error_rate', failures, calls);
  }

  private probeSucceeded(): void {
    this.probeSuccesses += 1;
    if (this.probeSuccesses < this.options.halfOpenProbes) return;
    const probes = this.probeSuccesses;
    this.coolDown = this.options.coolDownMs;
    this.window.clear();
    this.moveTo('closed', 'probe_succeeded', 0, probes);
  }

  private probeFailed(): void {
    const calls = this.probeSuccesses + 1;
    this.coolDown = Math.min(this.options.maxCoolDownMs, this.coolDown * 2);
    this.open('probe_failed', 1, calls);
  }

  private open(reason: TransitionReason, failures: number, calls: number): void {
    this.openUntilMs = this.clock.now() + this.coolDown;
    this.window.clear();
    this.moveTo('open', reason, failures, calls);
  }

  private moveTo(to: BreakerState, reason: TransitionReason, failures: number, calls: number): void {
    const from = this.current;
    this.current = to;
    this.generation += 1;
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    const transition: BreakerTransition = { from, to, reason, at: this.clock.now(), failures, calls, openUntil: this.openUntil };
    for (const listener of this.listeners) listener(transition);
  }
}

/** Throws a RangeError naming the first bad option. */
export function validateBreakerOptions(o: BreakerOptions): void {
  if (!(o.failureRatio > 0 && o.failureRatio <= 1)) throw new RangeError('failureRatio must be in (0, 1]');
  if (!Number.isInteger(o.minCalls) || o.minCalls < 1) throw new RangeError('minCalls must be a positive integer');
  if (o.minCalls > o.windowCalls) throw new RangeError('minCalls must not exceed windowCalls');
  if (!(o.coolDownMs > 0) || o.maxCoolDownMs < o.coolDownMs) throw new RangeError('need 0 < coolDownMs <= maxCoolDownMs');
  if (!Number.isInteger(o.halfOpenProbes) || o.halfOpenProbes < 1) throw new RangeError('halfOpenProbes must be a positive integer');
}
