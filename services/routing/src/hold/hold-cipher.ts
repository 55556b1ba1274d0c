import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HoldKeyUnavailableException } from './hold.exception';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a ciphertext is bound to: a value cannot be moved to another message, tenant or field. */
export interface HoldAad {
  readonly tenantId: string;
  readonly messageId: string;
  readonly field: 'recipient' | 'content';
}

export interface HoldKey {
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

const aadOf = (keyId: string, aad: HoldAad): Buffer => Buffer.from(JSON.stringify([keyId, aad.tenantId, aad.messageId, aad.field]), 'utf8');

/**
 * AES-256-GCM for held content: a random 96-bit IV per value, the key id, tenant, message id
 * and field as additional authenticated data. A sealed value is iv ‖ tag ‖ ciphertext.
 * Decryption names the key by id, so rows written under an older key fail loudly, never as
 * garbage.
 */
export class HoldCipher {
  constructor(private readonly current: HoldKey | undefined) {
    if (current && current.key.length !== 32) throw new Error('a hold key must be 32 bytes');
  }

  get keyId(): string {
    return this.key(undefined).id;
  }

  seal(plaintext: Uint8Array, aad: HoldAad): Buffer {
    const { id, key } = this.key(undefined);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadOf(id, aad));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Throws on a wrong key id, a tampered value or a value moved to another message. */
  open(keyId: string, sealed: Uint8Array, aad: HoldAad): Buffer {
    const { key } = this.key(keyId);
    const value = Buffer.from(sealed);
    if (value.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
    const decipher = createDecipheriv('aes-256-gcm', key, value.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aadOf(keyId, aad));
    decipher.setAuthTag(value.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(value.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  private key(keyId: string | undefined): HoldKey {
    if (!this.current) throw new HoldKeyUnavailableException('HOLD_ENCRYPTION_KEY is not configured');
    if (keyId !== undefined && keyId !== this.current.id) throw new HoldKeyUnavailableException(`hold key ${keyId} is not configured`);
    return this.current;
  }
}
