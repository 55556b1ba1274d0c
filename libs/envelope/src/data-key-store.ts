import type { WrappedDataKey } from './key-encryption';

/** One data key: per tenant and time bucket. `wrapped` is null once destroyed (crypto-shredded). */
export interface DataKeyRecord {
  readonly keyId: string;
  readonly tenantId: string;
  readonly bucketStart: Date;
  readonly stored: WrappedDataKey | null;
  readonly destroyedAt: Date | null;
}

/** Port: where wrapped data keys live, shared by every service that seals or opens. */
export interface DataKeyStore {
  /**
   * The key of `tenantId` for the bucket starting at `bucketStart`. If there is none yet,
   * `create` makes a candidate; when instances race, every one gets the same winner.
   */
  keyFor(tenantId: string, bucketStart: Date, create: (keyId: string) => Promise<WrappedDataKey>): Promise<DataKeyRecord>;
  /** The records of these key ids that exist (destroyed ones included). */
  find(keyIds: readonly string[]): Promise<DataKeyRecord[]>;
  /** Crypto-shredding: forgets the wrapped keys of buckets that started before `cutoff`. */
  destroyBefore(cutoff: Date, limit: number): Promise<number>;
}
