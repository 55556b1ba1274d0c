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

  /** Registers a key, or replaces the key registered under the same id (createdAt restarts). */
  async put(recipientHash: string, key: DeviceKeyInput, now: Date): Promise<void> {
    await this.repository().upsert({ recipientHash, keyId: key.keyId, publicKey: key.publicKey, algorithm: key.algorithm, createdAt: now }, ['recipientHash', 'keyId']);
  }

  /** false when no such key was registered. */
  async remove(recipientHash: string, keyId: string): Promise<boolean> {
    const result = await this.repository().delete({ recipientHash, keyId });
    return (result.affected ?? 0) > 0;
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
