import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvelopeAuthenticationException, KekUnavailableException } from './envelope.errors';
import type { DataKeyContext, KeyEncryptionService, WrappedDataKey } from './key-encryption';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyEncryptionKey {
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

const aadOf = (kekId: string, context: DataKeyContext) => Buffer.from(JSON.stringify(['sb-dek-v1', kekId, context.tenantId, context.keyId]), 'utf8');

/**
 * The local KMS: AES-256-GCM key wrapping under KEKs held in memory (from a secret). Rotation:
 * new data keys are wrapped under `current`; keys wrapped under a `previous` KEK still unwrap
 * (decrypt only) until they are destroyed or re-wrapped.
 */
export class LocalKeyEncryption implements KeyEncryptionService {
  private readonly byId = new Map<string, Buffer>();

  constructor(
    private readonly current: KeyEncryptionKey,
    previous: readonly KeyEncryptionKey[] = [],
  ) {
    for (const { id, key } of [current, ...previous]) {
      if (key.length !== 32) throw new Error(`key-encryption key ${id} must be 32 bytes`);
      if (this.byId.has(id)) throw new Error(`key-encryption key id ${id} is configured twice`);
      this.byId.set(id, key);
    }
  }

  get currentKekId(): string {
    return this.current.id;
  }

  async wrap(dataKey: Buffer, context: DataKeyContext): Promise<WrappedDataKey> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadOf(this.current.id, context));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { kekId: this.current.id, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  async unwrap(stored: WrappedDataKey, context: DataKeyContext): Promise<Buffer> {
    const kek = this.byId.get(stored.kekId);
    if (!kek) throw new KekUnavailableException(stored.kekId);
    const value = stored.wrapped;
    if (value.length < IV_BYTES + TAG_BYTES) throw new EnvelopeAuthenticationException();
    try {
      const decipher = createDecipheriv('aes-256-gcm', kek, value.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(aadOf(stored.kekId, context));
      decipher.setAuthTag(value.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(value.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new EnvelopeAuthenticationException();
    }
  }
}

/** Parses `id:<base64 of 32 bytes>,id2:<…>` (the current KEK first, then decrypt-only ones). */
export function parseKeyEncryptionKeys(value: string): KeyEncryptionKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) throw new Error('key-encryption keys must read id:<base64>');
      return { id: entry.slice(0, at), key: Buffer.from(entry.slice(at + 1), 'base64') };
    });
}
