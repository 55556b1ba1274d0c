import { Channel } from '@switchback/contracts';
import { RedisScript } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { BreakerOptions, BreakerTransition } from './circuit-breaker';
import { BEGIN_PROBES_SCRIPT, PROBE_SCRIPT, READ_SCRIPT, RECORD_SCRIPT } from './shared-circuit-scripts';
import type { SharedCircuitStore, SharedPathState } from './shared-circuit-store';

const record = new RedisScript(RECORD_SCRIPT);
const beginProbes = new RedisScript(BEGIN_PROBES_SCRIPT);
const probe = new RedisScript(PROBE_SCRIPT);
const read = new RedisScript(READ_SCRIPT);

export interface RedisSharedCircuitStoreOptions {
  /** CIRCUIT_KEY_PREFIX: a path's keys are `<prefix>{path:<CHANNEL>:<pathId>}` (+ `:calls`, `:failures`). */
  readonly keyPrefix: string;
  /** Names this instance as a probe owner (CIRCUIT_INSTANCE_ID: unique per pod). */
  readonly instanceId: string;
  /** How long a half-open round belongs to its owner before another instance may take it over. */
  readonly probeLeaseMs: number;
}

/** The shared breaker state of one channel's paths in Redis, each step one atomic script. */
export class RedisSharedCircuitStore implements SharedCircuitStore {
  readonly instanceId: string;
  readonly probeLeaseMs: number;
  /** Keys outlive the longest cool-down and window, then go if no instance uses the path. */
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly channel: Channel,
    private readonly options: BreakerOptions,
    private readonly store: RedisSharedCircuitStoreOptions,
  ) {
    this.instanceId = store.instanceId;
    this.probeLeaseMs = store.probeLeaseMs;
    this.ttlMs = 2 * (options.maxCoolDownMs + options.windowMs + store.probeLeaseMs);
  }

  /** The three keys of a path (one Redis Cluster slot: the hash tag is the path). */
  keys(pathId: string): string[] {
    const base = `${this.store.keyPrefix}{path:${Channel[this.channel] ?? this.channel}:${pathId}}`;
    return [base, `${base}:calls`, `${base}:failures`];
  }

  async read(pathId: string): Promise<SharedPathState> {
    return parse(await read.run(this.redis, this.keys(pathId)));
  }

  async record(pathId: string, gen: number, failed: boolean, now: number): Promise<SharedPathState> {
    const o = this.options;
    return parse(await record.run(this.redis, this.keys(pathId), [gen, failed ? 1 : 0, now, o.windowCalls, o.windowMs, o.minCalls, o.failureRatio, o.coolDownMs, this.ttlMs, this.instanceId]));
  }

  async beginProbes(pathId: string, gen: number, now: number): Promise<SharedPathState> {
    return parse(await beginProbes.run(this.redis, this.keys(pathId), [gen, now, this.probeLeaseMs, this.ttlMs, this.instanceId]));
  }

  async probe(pathId: string, gen: number, succeeded: boolean, now: number): Promise<SharedPathState> {
    const o = this.options;
    return parse(await probe.run(this.redis, this.keys(pathId), [gen, succeeded ? 1 : 0, now, o.halfOpenProbes, o.coolDownMs, o.maxCoolDownMs, this.ttlMs, this.instanceId]));
  }
}

function parse(reply: unknown): SharedPathState {
  const raw = JSON.parse(String(reply)) as Omit<SharedPathState, 'transition'> & { transition?: BreakerTransition | [] };
  // cjson writes an absent table as nothing, an empty one as [] (never sent): keep objects only.
  const transition = raw.transition && !Array.isArray(raw.transition) ? raw.transition : undefined;
  return { state: raw.state, openUntil: raw.openUntil, gen: raw.gen, owner: raw.owner, leaseUntil: raw.leaseUntil, ...(transition ? { transition } : {}) };
}
