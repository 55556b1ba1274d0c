import type { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { FingerprintSeed, FingerprintSeeds } from './fingerprint-seeds';

interface SeedRow {
  seed_id: string;
  tenant_id: string;
  seed: Buffer;
}

const toSeed = (row: SeedRow): FingerprintSeed => ({ seedId: row.seed_id, tenantId: row.tenant_id, seed: row.seed });

/**
 * The seeds in Postgres, through a small pool of their own: a fingerprint may be needed inside a
 * lifecycle transaction (a failover's decision), and a transaction must never wait for a second
 * connection of the pool it holds one of (under load that pool is exhausted by such waiters).
 */
export class PostgresFingerprintSeeds implements FingerprintSeeds, OnApplicationShutdown {
  private readonly table: string;
  private readonly pool: Pool;

  constructor(options: { url: string; schema: string; poolSize?: number }) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error('DATABASE_SCHEMA must be a lower-case SQL identifier');
    this.table = `"${options.schema}".content_fingerprint_keys`;
    this.pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 2 });
  }

  async currentOf(tenantId: string, fresh: FingerprintSeed): Promise<FingerprintSeed> {
    const existing = await this.pool.query<SeedRow>(`SELECT seed_id, tenant_id, seed FROM ${this.table} WHERE tenant_id = $1`, [tenantId]);
    if (existing.rows[0]) return toSeed(existing.rows[0]);
    // Two instances may create one at once: the first insert wins and both use its seed.
    await this.pool.query(`INSERT INTO ${this.table} (seed_id, tenant_id, seed) VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO NOTHING`, [fresh.seedId, tenantId, fresh.seed]);
    const created = await this.pool.query<SeedRow>(`SELECT seed_id, tenant_id, seed FROM ${this.table} WHERE tenant_id = $1`, [tenantId]);
    return toSeed(created.rows[0]!);
  }

  async byId(seedId: string): Promise<FingerprintSeed | undefined> {
    const result = await this.pool.query<SeedRow>(`SELECT seed_id, tenant_id, seed FROM ${this.table} WHERE seed_id = $1`, [seedId]);
    return result.rows[0] ? toSeed(result.rows[0]) : undefined;
  }

  async destroy(tenantId: string): Promise<number> {
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE tenant_id = $1`, [tenantId]);
    return result.rowCount ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
