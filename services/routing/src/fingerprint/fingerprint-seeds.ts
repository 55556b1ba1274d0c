/** A tenant's current fingerprint seed: random bytes that, with a master key, make its fingerprint key. */
export interface FingerprintSeed {
  readonly seedId: string;
  readonly tenantId: string;
  readonly seed: Buffer;
}

/** Port: the per-tenant seeds (routing's content_fingerprint_keys). Deleting a seed is the shredding. */
export interface FingerprintSeeds {
  /** The tenant's seed, created (once, race-free) with `fresh` when it has none. */
  currentOf(tenantId: string, fresh: FingerprintSeed): Promise<FingerprintSeed>;
  byId(seedId: string): Promise<FingerprintSeed | undefined>;
  /** Destroys the tenant's seed; returns how many were destroyed (0 or 1). */
  destroy(tenantId: string): Promise<number>;
}

export const FINGERPRINT_SEEDS = Symbol('FINGERPRINT_SEEDS');
