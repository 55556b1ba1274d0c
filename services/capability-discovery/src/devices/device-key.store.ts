import { Injectable } from '@nestjs/common';
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

  /** The in-app E2EE signal: at least one key registered. */
  async hasAny(recipientHash: string): Promise<boolean> {
    const row = await this.repository().findOne({ where: { recipientHash }, select: { keyId: true } });
    return row !== null;
  }

  private repository() {
    return this.dataSource.getRepository(DeviceKeyEntity);
  }
}
