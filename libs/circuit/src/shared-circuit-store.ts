import type { BreakerState, BreakerTransition } from './circuit-breaker';

/** One path's breaker as every gateway instance shares it. */
export interface SharedPathState {
  readonly state: BreakerState;
  /** When open: the end of the cool-down; otherwise 0. */
  readonly openUntil: number;
  /** Changes when reports of earlier calls must stop counting. */
  readonly gen: number;
  /** The instance that sends the half-open probes ('' when closed). */
  readonly owner: string;
  /** When half-open: until when the round belongs to its owner. */
  readonly leaseUntil: number;
  /** The transition this very call made (absent when it made none). */
  readonly transition?: BreakerTransition;
}

/**
 * Where the breakers of every gateway instance keep one state per path (Redis in production).
 * Each method is one atomic step; a rejection means the store is unavailable and the instance
 * falls back to its local breakers.
 */
export interface SharedCircuitStore {
  /** This instance's name as a probe owner. */
  readonly instanceId: string;
  /** How long an owner has its half-open round to itself. */
  readonly probeLeaseMs: number;
  read(pathId: string): Promise<SharedPathState>;
  /** A call made while closed (at `gen`) finished; may open the path. */
  record(pathId: string, gen: number, failed: boolean, now: number): Promise<SharedPathState>;
  /** Starts this instance's half-open round (cool-down over) or takes over a stalled one. */
  beginProbes(pathId: string, gen: number, now: number): Promise<SharedPathState>;
  /** One of this instance's probes (at `gen`) finished; may close or reopen the path. */
  probe(pathId: string, gen: number, succeeded: boolean, now: number): Promise<SharedPathState>;
}
