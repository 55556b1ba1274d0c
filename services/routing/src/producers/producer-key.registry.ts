import { Inject, Injectable } from '@nestjs/common';
import { producerPublicKey } from '@switchback/bus';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RoutingConfig } from '../config/routing.config';

/** routing's own HTTP-ingress keys sign for any tenant (the ingress authenticated the tenant itself). */
export const ANY_TENANT = '*';

export interface ProducerKey {
  readonly keyId: string;
  readonly tenantId: string;
  readonly publicKey: KeyObject;
  readonly revoked: boolean;
}

export interface ProducerKeyView {
  readonly keyId: string;
  readonly publicKey: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

interface Row {
  key_id: string;
  tenant_id: string;
  public_key: Buffer;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

/**
 * The tenants' producer credentials (Ed25519 public keys) in Postgres, read through a short
 * in-memory cache (PRODUCER_KEY_CACHE_MS): a revocation applies everywhere within it.
 */
@Injectable()
export class ProducerKeyRegistry {
  private readonly cache = new Map<string, { readonly key: ProducerKey | undefined; readonly until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'PRODUCER_KEY_CACHE_MS'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The key with this id, or undefined when none was ever registered. */
  async find(keyId: string): Promise<ProducerKey | undefined> {
    const cached = this.cache.get(keyId);
    if (cached && cached.until > this.clock.now()) return cached.key;
    const [row] = (await this.dataSource.query('SELECT key_id, tenant_id, public_key, revoked_at FROM producer_keys WHERE key_id = $1', [keyId])) as Row[];
    const key = row ? { keyId: row.key_id, tenantId: row.tenant_id, publicKey: producerPublicKey(row.public_key.toString('base64')), revoked: row.revoked_at !== null } : undefined;
    this.cache.set(keyId, { key, until: this.clock.now() + this.config.PRODUCER_KEY_CACHE_MS });
    return key;
  }

  /** Registers a key (idempotent for the same tenant and bytes); false when the id is taken by another. */
  async register(tenantId: string, keyId: string, publicKey: KeyObject, actor: string): Promise<boolean> {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const rows = (await this.dataSource.query(
      `INSERT INTO producer_keys (key_id, tenant_id, public_key, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key_id) DO UPDATE SET key_id = EXCLUDED.key_id
         WHERE producer_keys.tenant_id = EXCLUDED.tenant_id AND producer_keys.public_key = EXCLUDED.public_key AND producer_keys.revoked_at IS NULL
       RETURNING key_id`,
      [keyId, tenantId, der, actor],
    )) as Row[];
    this.cache.delete(keyId);
    return rows.length === 1;
  }

  /** Revokes a tenant's key; false when the tenant has no such key. */
  async revoke(tenantId: string, keyId: string): Promise<boolean> {
    const [rows] = (await this.dataSource.query('UPDATE producer_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE key_id = $1 AND tenant_id = $2 RETURNING key_id', [keyId, tenantId])) as [Row[], number];
    this.cache.delete(keyId);
    return rows.length === 1;
  }

  async list(tenantId: string): Promise<ProducerKeyView[]> {
    const rows = (await this.dataSource.query('SELECT key_id, public_key, created_by, created_at, revoked_at FROM producer_keys WHERE tenant_id = $1 ORDER BY created_at, key_id', [tenantId])) as Row[];
    return rows.map((row) => ({ keyId: row.key_id, publicKey: row.public_key.toString('base64'), createdBy: row.created_by, createdAt: row.created_at.toISOString(), revokedAt: row.revoked_at?.toISOString() ?? null }));
  }
}
