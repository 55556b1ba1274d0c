import type { BreakerClock, BreakerOptions, BreakerPermit, BreakerState } from './circuit-breaker';
import type { SharedCircuitStore, SharedPathState } from './shared-circuit-store';

export const CLOSED_PATH: SharedPathState = { state: 'closed', openUntil: 0, gen: 0, owner: '', leaseUntil: 0 };

/** Where a shared breaker hands what the store answered (ChannelBreakers). */
export interface SharedPathHost {
  /** The store's answer, in the order the calls were made. */
  applied(pathId: string, state: SharedPathState): void;
  /** The store failed: fall back to local breakers. */
  failed(error: unknown): void;
  /** Tracks a store call so `settled()` can wait for it. */
  track(work: Promise<unknown>): void;
}

const noop = (): void => undefined;

/**
 * One path's breaker whose state lives in the shared store. acquire() stays synchronous: it
 * decides on this instance's copy of the shared state (refreshed by every answer of the store
 * and by ChannelBreakers' periodic sync), and reports go to the store, which makes the
 * transitions. Half-open probes come only from the round's owner; another instance asks for the
 * round once the owner's lease ran out.
 */
export class SharedPathBreaker {
  private view: SharedPathState = CLOSED_PATH;
  /** The owner's probe round, counted here like CircuitBreaker counts its own. */
  private round = { gen: -1, inFlight: 0, successes: 0 };
  private begunGen = -1;
  private claiming = false;

  constructor(
    readonly pathId: string,
    private readonly options: BreakerOptions,
    private readonly clock: BreakerClock,
    private readonly store: SharedCircuitStore,
    private readonly host: SharedPathHost,
  ) {}

  get state(): BreakerState {
    return this.view.state;
  }

  get openUntil(): number {
    return this.view.state === 'open' ? this.view.openUntil : 0;
  }

  /** The store's answer (this instance's call, or the periodic read). */
  update(state: SharedPathState): void {
    this.view = state;
  }

  acquire(): BreakerPermit | undefined {
    const view = this.view;
    const now = this.clock.now();
    if (view.state === 'closed') return this.closedPermit(view.gen);
    const mine = view.owner === this.store.instanceId;
    if (view.state === 'open') {
      if (now < view.openUntil) return undefined;
      if (mine) {
        // The owner probes as soon as the cool-down ends, as a local breaker would.
        if (this.begunGen !== view.gen) {
          this.begunGen = view.gen;
          this.call(this.store.beginProbes(this.pathId, view.gen, now));
        }
        return this.probePermit(view.gen);
      }
      if (now >= view.openUntil + this.store.probeLeaseMs) this.claim(view.gen, now);
      return undefined;
    }
    if (mine) return this.probePermit(view.gen);
    if (now >= view.leaseUntil) this.claim(view.gen, now);
    return undefined;
  }

  private claim(gen: number, now: number): void {
    if (this.claiming) return;
    this.claiming = true;
    this.call(this.store.beginProbes(this.pathId, gen, now), () => (this.claiming = false));
  }

  private closedPermit(gen: number): BreakerPermit {
    return this.permit((failed) => this.call(this.store.record(this.pathId, gen, failed, this.clock.now())), noop);
  }

  private probePermit(gen: number): BreakerPermit | undefined {
    if (this.round.gen !== gen) this.round = { gen, inFlight: 0, successes: 0 };
    const round = this.round;
    if (round.inFlight + round.successes >= this.options.halfOpenProbes) return undefined;
    round.inFlight += 1;
    return this.permit(
      (failed) => {
        round.inFlight -= 1;
        if (!failed) round.successes += 1;
        this.call(this.store.probe(this.pathId, gen, !failed, this.clock.now()));
      },
      () => (round.inFlight -= 1),
    );
  }

  private permit(report: (failed: boolean) => void, release: () => void): BreakerPermit {
    let used = false;
    const once = (action: () => void) => () => {
      if (used) return;
      used = true;
      action();
    };
    return { success: once(() => report(false)), failure: once(() => report(true)), release: once(release) };
  }

  private call(work: Promise<SharedPathState>, done: () => void = noop): void {
    this.host.track(
      work.then(
        (state) => {
          done();
          this.host.applied(this.pathId, state);
        },
        (error: unknown) => {
          done();
          this.host.failed(error);
        },
      ),
    );
  }
}
