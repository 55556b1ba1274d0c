import type { DataKeyRecord, DataKeyStore } from './data-key-store';
import type { WrappedDataKey } from './key-encryption';

/** Data keys in memory: for unit tests and single-process tools, never shared. */
export class MemoryDataKeyStore implements DataKeyStore {
  private readonly byId = new Map<string, DataKeyRecord>();
  private readonly byBucket = new Map<string, string>();
  /** How many times find() was asked (tests check batching). */
  finds = 0;
  private created = 0;

  async keyFor(tenantId: string, bucketStart: Date, create: (keyId: string) => Promise<WrappedDataKey>): Promise<DataKeyRecord> {
    const bucket = `${tenantId}|${bucketStart.toISOString()}`;
    const existing = this.byBucket.get(bucket);
    if (existing) return this.record(existing);
    this.created += 1;
    const keyId = `dk-${this.created}`;
    const record: DataKeyRecord = { keyId, tenantId, bucketStart, stored: await create(keyId), destroyedAt: null };
    const raced = this.byBucket.get(bucket);
    if (raced) return this.record(raced);
    this.byId.set(keyId, record);
    this.byBucket.set(bucket, keyId);
    return record;
  }

  private record(keyId: string): DataKeyRecord {
    const record = this.byId.get(keyId);
    if (!record) throw new Error(`data key ${keyId} vanished`);
    return record;
  }

  async find(keyIds: readonly string[]): Promise<DataKeyRecord[]> {
    this.finds += 1;
    return keyIds.flatMap((keyId) => {
      const record = this.byId.get(keyId);
      return record ? [record] : [];
    });
  }

  async destroyBefore(cutoff: Date, limit: number): Promise<number> {
    let destroyed = 0;
    for (const record of this.byId.values()) {
      if (destroyed >= limit || record.bucketStart >= cutoff || record.destroyedAt) continue;
      this.byId.set(record.keyId, { ...record, stored: null, destroyedAt: new Date() });
      destroyed += 1;
    }
    return destroyed;
  }
}
