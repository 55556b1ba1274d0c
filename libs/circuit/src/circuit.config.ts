import { hostname } from 'node:os';
import { z } from 'zod';
import type { BreakerOptions } from './circuit-breaker';
import { DEFAULT_CIRCUIT_KEY_PREFIX } from './channel-circuits';

/**
 * CIRCUIT_KEY_PREFIX: where the channel flags live in Redis (`<prefix>RCS`, `<prefix>SMS`). One
 * setting, read by the gateways that write the flags and by routing that reads them: set it to
 * the same value everywhere (tests and stacks give each run its own).
 */
export const circuitKeyPrefix = z
  .string()
  .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'letters, digits, : . _ - (1 to 64)')
  .default(DEFAULT_CIRCUIT_KEY_PREFIX);

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The breaker settings every gateway shares; compose into a service's config schema. */
export const circuitConfig = z.object({
  // Opens a path when failures / calls in the window reaches this.
  CIRCUIT_FAILURE_RATIO: z.coerce.number().gt(0).max(1).default(0.5),
  // The window: the last N calls that are also younger than CIRCUIT_WINDOW_MS.
  CIRCUIT_WINDOW_CALLS: int(1, 10_000).default(50),
  CIRCUIT_WINDOW_MS: int(100, 3_600_000).default(30_000),
  // Fewer calls than this in the window never open a path.
  CIRCUIT_MIN_CALLS: int(1, 10_000).default(10),
  // First cool-down; each failed probe doubles it up to CIRCUIT_MAX_COOL_DOWN_MS.
  CIRCUIT_COOL_DOWN_MS: int(100, 3_600_000).default(30_000),
  CIRCUIT_MAX_COOL_DOWN_MS: int(100, 86_400_000).default(300_000),
  // Calls let through when half-open; all must succeed to close the breaker.
  CIRCUIT_HALF_OPEN_PROBES: int(1, 100).default(3),
  // Names this instance in CircuitStateChanged events (the pod name in Kubernetes).
  CIRCUIT_INSTANCE_ID: z.string().min(1).default(hostname()),
  // The Redis prefix of the channel flags routing reads; must match routing's. With
  // CIRCUIT_SHARED, the paths' shared state lives under it too (`<prefix>{path:<CHANNEL>:<path>}`).
  CIRCUIT_KEY_PREFIX: circuitKeyPrefix,
  // One breaker state per path for every instance (in Redis), instead of one per instance.
  CIRCUIT_SHARED: bool.default(true),
  // How often an instance re-reads the shared state: the bound on how late it follows another's transition.
  CIRCUIT_SHARED_SYNC_MS: int(50, 60_000).default(1_000),
  // A half-open round belongs to the instance that opened the path (or took the round over) this
  // long after the cool-down; then any instance with traffic may probe. Cover a call's timeout.
  CIRCUIT_PROBE_LEASE_MS: int(100, 600_000).default(15_000),
});

export type CircuitConfig = z.infer<typeof circuitConfig>;

/** Cross-field checks for a schema that composes circuitConfig (use with .superRefine). */
export function checkCircuitConfig(config: CircuitConfig, ctx: z.RefinementCtx): void {
  if (config.CIRCUIT_MIN_CALLS > config.CIRCUIT_WINDOW_CALLS) ctx.addIssue({ code: 'custom', message: 'must be <= CIRCUIT_WINDOW_CALLS', path: ['CIRCUIT_MIN_CALLS'] });
  if (config.CIRCUIT_MAX_COOL_DOWN_MS < config.CIRCUIT_COOL_DOWN_MS) ctx.addIssue({ code: 'custom', message: 'must be >= CIRCUIT_COOL_DOWN_MS', path: ['CIRCUIT_MAX_COOL_DOWN_MS'] });
}

export function breakerOptions(config: CircuitConfig): BreakerOptions {
  return {
    failureRatio: config.CIRCUIT_FAILURE_RATIO,
    windowCalls: config.CIRCUIT_WINDOW_CALLS,
    windowMs: config.CIRCUIT_WINDOW_MS,
    minCalls: config.CIRCUIT_MIN_CALLS,
    coolDownMs: config.CIRCUIT_COOL_DOWN_MS,
    maxCoolDownMs: config.CIRCUIT_MAX_COOL_DOWN_MS,
    halfOpenProbes: config.CIRCUIT_HALF_OPEN_PROBES,
  };
}
