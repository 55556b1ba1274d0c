import { Injectable } from '@nestjs/common';
import { Coalescer } from '@switchback/persistence';
import { DataSource } from 'typeorm';
import { DeviceKeyEntity } from './device-key.entity';
import type { DeviceKeyInput } from './device-key.validation';

export interface StoredDeviceKey extends DeviceKeyInput {
  readonly createdAt: Date;
}

/** Device keys in Postgres, by recipient hash. Every lookup is on the primary key's prefix. */
@Injectable()
export class DeviceKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Registers a key for `tenantId`, or replaces the key registered under the same id (createdAt
   * restarts), unless another tenant owns the number: then nothing changes and that owner is
   * returned. The owner row is claimed (or locked) first, so a register and a remove of the same
   * number never interleave.
   */
  async put(recipientHash: string, tenantId: string, key: DeviceKeyInput, now: Date): Promise<{ readonly owner: string }> {
    return await this.dataSource.transaction(async (manager) => {
      // A no-op update on conflict returns (and locks) the current owner's row.
      const rows = (await manager.query(
        `INSERT INTO device_key_owners (recipient_hash, tenant_id, claimed_at) VALUES ($1, $2, $3)
         ON CONFLICT (recipient_hash) DO UPDATE SET tenant_id = device_key_owners.tenant_id
         RETURNING tenant_id`,
        [recipientHash, tenantId, now],
      )) as { tenant_id: string }[];
      const owner = rows[0]?.tenant_id ?? tenantId;
      if (owner !== tenantId) return { owner };
      await manager.getRepository(DeviceKeyEntity).upsert({ recipientHash, keyId: key.keyId, publicKey: key.publicKey, algorithm: key.algorithm, createdAt: now }, ['recipientHash', 'keyId']);
      return { owner };
    });
  }

  /** The tenant that owns the number's keys; undefined when unowned (none, or registered before ownership). */
  async ownerOf(recipientHash: string): Promise<string | undefined> {
    const rows = (await this.dataSource.query(`SELECT tenant_id FROM device_key_owners WHERE recipient_hash = $1`, [recipientHash])) as { tenant_id: string }[];
    return rows[0]?.tenant_id;
  }

  /**
   * Removes a key unless another tenant owns the number. The owner is released with the last key,
   * so the number can move to another tenant. `removed` is false when no such key was registered.
   */
  async remove(recipientHash: string, tenantId: string, keyId: string): Promise<{ readonly owner: string | undefined; readonly removed: boolean }> {
    return await this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(`SELECT tenant_id FROM device_key_owners WHERE recipient_hash = $1 FOR UPDATE`, [recipientHash])) as { tenant_id: string }[];
      const owner = rows[0]?.tenant_id;
      if (owner !== undefined && owner !== tenantId) return { owner, removed: false };
      const result = await manager.getRepository(DeviceKeyEntity).delete({ recipientHash, keyId });
      await manager.query(`DELETE FROM device_key_owners WHERE recipient_hash = $1 AND NOT EXISTS (SELECT 1 FROM device_keys WHERE recipient_hash = $1)`, [recipientHash]);
      return { owner, removed: (result.affected ?? 0) > 0 };
    });
  }

  async list(recipientHash: string): Promise<StoredDeviceKey[]> {
    const rows = await this.repository().find({ where: { recipientHash }, order: { createdAt: 'ASC', keyId: 'ASC' } });
    return rows.map((row) => ({ keyId: row.keyId, publicKey: row.publicKey, algorithm: row.algorithm, createdAt: row.createdAt }));
  }

  // Every send asks (a cache hit too): the lookups of concurrent sends share one query.
  private readonly registered = new Coalescer<string, boolean>((hashes) => this.withKeys(hashes));

  /** The in-app E2EE signal: at least one key registered. */
  hasAny(recipientHash: string): Promise<boolean> {
    return this.registered.submit(recipientHash);
  }

  private async withKeys(recipientHashes: readonly string[]): Promise<boolean[]> {
    const rows = (await this.dataSource.query(`SELECT DISTINCT recipient_hash FROM device_keys WHERE recipient_hash = ANY($1::text[])`, [[...new Set(recipientHashes)]])) as { recipient_hash: string }[];
    const withKeys = new Set(rows.map((row) => row.recipient_hash));
    return recipientHashes.map((hash) => withKeys.has(hash));
  }

  private repository() {
    return this.dataSource.getRepository(DeviceKeyEntity);
  }
}
