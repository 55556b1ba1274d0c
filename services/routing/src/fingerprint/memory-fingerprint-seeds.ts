import type { FingerprintSeed, FingerprintSeeds } from './fingerprint-seeds';

/** FingerprintSeeds in memory, with the SQL's rules (one seed per tenant, first creation wins): for unit tests. */
export class MemoryFingerprintSeeds implements FingerprintSeeds {
  readonly rows = new Map<string, FingerprintSeed>();

  async currentOf(tenantId: string, fresh: FingerprintSeed): Promise<FingerprintSeed> {
    const existing = [...this.rows.values()].find((seed) => seed.tenantId === tenantId);
    if (existing) return existing;
    this.rows.set(fresh.seedId, fresh);
    return fresh;
  }

  async byId(seedId: string): Promise<FingerprintSeed | undefined> {
    return this.rows.get(seedId);
  }

  async destroy(tenantId: string): Promise<number> {
    const mine = [...this.rows.values()].filter((seed) => seed.tenantId === tenantId);
    mine.forEach((seed) => this.rows.delete(seed.seedId));
    return mine.length;
  }
}
