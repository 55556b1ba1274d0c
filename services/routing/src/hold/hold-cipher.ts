import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HoldKeyUnavailableException } from './hold.exception';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a ciphertext is bound to: a value cannot be moved to another message, tenant or field. */
export interface HoldAad {
  readonly tenantId: string;
  readonly messageId: string;
  /** What the value is: a held field, the stored send, or an outbox event of a topic. */
  readonly field: 'recipient' | 'content' | 'send' | `outbox:${string}`;
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
 * Rotation: new values are sealed under the current key; values sealed under a previous key
 * (kept decrypt-only) still open until they are released or expire. A key id nobody configured
 * fails loudly, never as garbage.
 */
export class HoldCipher {
  private readonly byId = new Map<string, Buffer>();

  constructor(
    private readonly current: HoldKey,
    previous: readonly HoldKey[] = [],
  ) {
    for (const { id, key } of [current, ...previous]) {
      if (key.length !== 32) throw new Error(`hold key ${id} must be 32 bytes`);
      if (this.byId.has(id)) throw new Error(`hold key id ${id} is configured twice`);
      this.byId.set(id, key);
    }
  }

  get keyId(): string {
    return this.current.id;
  }

  seal(plaintext: Uint8Array, aad: HoldAad): Buffer {
    const { id, key } = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadOf(id, aad));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Throws on a wrong key id, a tampered value or a value moved to another message. */
  open(keyId: string, sealed: Uint8Array, aad: HoldAad): Buffer {
    const key = this.byId.get(keyId);
    if (!key) throw new HoldKeyUnavailableException(`hold key ${keyId} is not configured`);
    const value = Buffer.from(sealed);
    if (value.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
    const decipher = createDecipheriv('aes-256-gcm', key, value.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aadOf(keyId, aad));
    decipher.setAuthTag(value.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(value.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}
