/** What a data key is bound to when it is wrapped: it cannot be moved to another tenant or id. */
export interface DataKeyContext {
  readonly tenantId: string;
  readonly keyId: string;
}

/** A data key as stored: wrapped under the key-encryption key `kekId`. */
export interface WrappedDataKey {
  readonly kekId: string;
  readonly wrapped: Buffer;
}

/**
 * Port: the key-encryption service (a KMS). It wraps and unwraps 32-byte data keys and never
 * sees a message. The local implementation (LocalKeyEncryption) holds its keys in memory, from
 * secrets; an AWS KMS or Vault Transit adapter implements these two calls with Encrypt/Decrypt
 * and an encryption context of `context` (tenant and key id), and nothing else changes.
 * Calls may be remote and slow: EnvelopeCipher unwraps each data key once and caches it.
 */
export interface KeyEncryptionService {
  /** The key-encryption key new data keys are wrapped under. */
  readonly currentKekId: string;
  wrap(dataKey: Buffer, context: DataKeyContext): Promise<WrappedDataKey>;
  /** Throws KekUnavailableException for a KEK it does not hold; any tampering fails. */
  unwrap(stored: WrappedDataKey, context: DataKeyContext): Promise<Buffer>;
}
