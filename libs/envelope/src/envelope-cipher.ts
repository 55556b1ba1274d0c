import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKeyRecord, DataKeyStore } from './data-key-store';
import { DataKeyDestroyedException, EnvelopeAuthenticationException, FieldTooLargeException, UnknownDataKeyException } from './envelope.errors';
import type { KeyEncryptionService } from './key-encryption';
import { decodeSealed, encodeSealed, IV_BYTES, TAG_BYTES } from './sealed-field';

/** Which field of which message a value is: all of it is authenticated with the value. */
export interface FieldRef {
  readonly tenantId: string;
  readonly messageId: string;
  /** e.g. `content.text`, `recipient`. */
  readonly field: string;
}

export interface EnvelopeOptions {
  /** Length of a data key's time bucket: one key per tenant per bucket. */
  readonly bucketMs: number;
  /** Largest plaintext a field may hold. */
  readonly maxFieldBytes: number;
  /** How long an unwrapped data key stays in memory (bounds how late a shredded key still opens). */
  readonly cacheTtlMs: number;
  /** Unwrapped data keys kept at most (least recently used go first). */
  readonly cacheSize: number;
  readonly now?: () => number;
}

/** One item of a batch: opened, or the typed reason it cannot be. */
export type OpenResult = { readonly ok: true; readonly plaintext: Buffer } | { readonly ok: false; readonly error: Error };

interface CachedKey {
  readonly dataKey: Buffer;
  readonly tenantId: string;
  readonly expiresAt: number;
}

const aadOf = (keyId: string, ref: FieldRef) => Buffer.from(JSON.stringify(['sb-envelope-v1', keyId, ref.tenantId, ref.messageId, ref.field]), 'utf8');

/**
 * Envelope encryption of message fields: AES-256-GCM under a data key per tenant and time
 * bucket, the data key wrapped by the KMS port and stored in the DataKeyStore. The AAD binds
 * key id, tenant, message id and field, so a value cannot be moved to another message, tenant
 * or field. Batches cost one store read and one unwrap per distinct data key (`openMany`), and
 * unwrapped keys are cached for `cacheTtlMs`, so a hot path never unwraps per message.
 */
export class EnvelopeCipher {
  private readonly now: () => number;
  private readonly cache = new Map<string, CachedKey>();
  /** Unwraps in flight, so concurrent handlers of one key share one KMS call. */
  private readonly unwrapping = new Map<string, Promise<Buffer>>();
  private readonly resolving = new Map<string, Promise<{ keyId: string; dataKey: Buffer }>>();
  /** The key each tenant seals with in the current bucket. */
  private readonly sealing = new Map<string, { readonly bucketStart: number; readonly keyId: string }>();
  /** KMS unwrap calls so far (the bench reports them per message). */
  unwraps = 0;

  constructor(
    private readonly kms: KeyEncryptionService,
    private readonly store: DataKeyStore,
    private readonly options: EnvelopeOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async seal(ref: FieldRef, plaintext: Uint8Array): Promise<Buffer> {
    if (plaintext.byteLength > this.options.maxFieldBytes) throw new FieldTooLargeException(plaintext.byteLength, this.options.maxFieldBytes);
    const { keyId, dataKey } = await this.sealingKey(ref.tenantId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadOf(keyId, ref));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return encodeSealed({ keyId, iv, tag: cipher.getAuthTag(), ciphertext });
  }

  /** Opens one field; throws the typed reason it cannot. */
  async open(ref: FieldRef, sealed: Uint8Array): Promise<Buffer> {
    const [result] = await this.openMany([{ ref, sealed }]);
    if (!result) throw new Error('openMany returned nothing');
    if (!result.ok) throw result.error;
    return result.plaintext;
  }

  /**
   * Opens a batch: one store read for the data keys not in memory, one unwrap per distinct key.
   * Each item gets its own result, so one bad value never fails the others.
   */
  async openMany(items: readonly { readonly ref: FieldRef; readonly sealed: Uint8Array }[]): Promise<OpenResult[]> {
    const parsed = items.map(({ ref, sealed }) => {
      try {
        return { ref, parts: decodeSealed(sealed) };
      } catch (error) {
        return { ref, error: error as Error };
      }
    });
    const keyIds = [...new Set(parsed.flatMap((item) => ('parts' in item && item.parts ? [item.parts.keyId] : [])))];
    const keys = await this.dataKeys(keyIds);
    return parsed.map((item): OpenResult => {
      if (!('parts' in item) || !item.parts) return { ok: false, error: item.error ?? new Error('unparsed') };
      const key = keys.get(item.parts.keyId);
      if (!key) return { ok: false, error: new UnknownDataKeyException(item.parts.keyId) };
      if (key instanceof Error) return { ok: false, error: key };
      // A value sealed for another tenant names that tenant's key: refuse before trying.
      if (key.tenantId !== item.ref.tenantId) return { ok: false, error: new EnvelopeAuthenticationException() };
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.dataKey, item.parts.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aadOf(item.parts.keyId, item.ref));
        decipher.setAuthTag(item.parts.tag);
        return { ok: true, plaintext: Buffer.concat([decipher.update(item.parts.ciphertext), decipher.final()]) };
      } catch {
        return { ok: false, error: new EnvelopeAuthenticationException() };
      }
    });
  }

  /**
   * Crypto-shredding: destroys the data keys of buckets whose last possible value is older than
   * `retentionMs` (bucket end + retention ≤ now), and forgets expired keys here.
   */
  async shred(retentionMs: number, limit = 1_000): Promise<number> {
    const cutoff = this.now() - retentionMs - this.options.bucketMs + 1;
    const destroyed = await this.store.destroyBefore(new Date(cutoff), limit);
    for (const [keyId, key] of this.cache) if (key.expiresAt <= this.now()) this.cache.delete(keyId);
    return destroyed;
  }

  private bucketStartOf(at: number): number {
    return Math.floor(at / this.options.bucketMs) * this.options.bucketMs;
  }

  private sealingKey(tenantId: string): Promise<{ keyId: string; dataKey: Buffer }> {
    const bucketStart = this.bucketStartOf(this.now());
    const current = this.sealing.get(tenantId);
    if (current?.bucketStart === bucketStart) {
      const cached = this.cached(current.keyId);
      if (cached) return Promise.resolve({ keyId: current.keyId, dataKey: cached.dataKey });
    }
    // Concurrent first seals of a tenant's bucket share one lookup (and at most one new key).
    const slot = `${tenantId}|${bucketStart}`;
    const inFlight = this.resolving.get(slot);
    if (inFlight) return inFlight;
    const resolving = this.resolveSealingKey(tenantId, bucketStart).finally(() => this.resolving.delete(slot));
    this.resolving.set(slot, resolving);
    return resolving;
  }

  private async resolveSealingKey(tenantId: string, bucketStart: number): Promise<{ keyId: string; dataKey: Buffer }> {
    let candidate: { dataKey: Buffer; wrapped: Buffer } | undefined;
    const record = await this.store.keyFor(tenantId, new Date(bucketStart), async (keyId) => {
      const dataKey = randomBytes(32);
      const stored = await this.kms.wrap(dataKey, { tenantId, keyId });
      candidate = { dataKey, wrapped: stored.wrapped };
      return stored;
    });
    // Our candidate won: no unwrap needed. Another instance's did: unwrap it once.
    const ours = candidate && record.stored?.wrapped.equals(candidate.wrapped) ? candidate.dataKey : undefined;
    if (ours) this.remember(record, ours);
    const dataKey = ours ?? (await this.unwrap(record));
    this.sealing.set(tenantId, { bucketStart, keyId: record.keyId });
    return { keyId: record.keyId, dataKey };
  }

  private async dataKeys(keyIds: readonly string[]): Promise<Map<string, CachedKey | Error>> {
    const found = new Map<string, CachedKey | Error>();
    const missing: string[] = [];
    for (const keyId of keyIds) {
      const cached = this.cached(keyId);
      if (cached) found.set(keyId, cached);
      else missing.push(keyId);
    }
    if (missing.length === 0) return found;
    const records = await this.store.find(missing);
    await Promise.all(
      records.map(async (record) => {
        try {
          const dataKey = await this.unwrap(record);
          found.set(record.keyId, { dataKey, tenantId: record.tenantId, expiresAt: this.now() + this.options.cacheTtlMs });
        } catch (error) {
          found.set(record.keyId, error as Error);
        }
      }),
    );
    return found;
  }

  private cached(keyId: string): CachedKey | undefined {
    const key = this.cache.get(keyId);
    if (!key) return undefined;
    if (key.expiresAt <= this.now()) {
      this.cache.delete(keyId);
      return undefined;
    }
    // Most recently used last: the first entry is the one to evict.
    this.cache.delete(keyId);
    this.cache.set(keyId, key);
    return key;
  }

  private remember(record: DataKeyRecord, dataKey: Buffer): void {
    this.cache.set(record.keyId, { dataKey, tenantId: record.tenantId, expiresAt: this.now() + this.options.cacheTtlMs });
    while (this.cache.size > this.options.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private unwrap(record: DataKeyRecord): Promise<Buffer> {
    if (!record.stored) return Promise.reject(new DataKeyDestroyedException(record.keyId));
    const stored = record.stored;
    const inFlight = this.unwrapping.get(record.keyId);
    if (inFlight) return inFlight;
    const unwrapping = (async () => {
      this.unwraps += 1;
      const dataKey = await this.kms.unwrap(stored, { tenantId: record.tenantId, keyId: record.keyId });
      this.remember(record, dataKey);
      return dataKey;
    })().finally(() => this.unwrapping.delete(record.keyId));
    this.unwrapping.set(record.keyId, unwrapping);
    return unwrapping;
  }
}
