import { Injectable } from '@nestjs/common';
import { fromBinary, SendRequestedSchema, toBinary, type SendRequested } from '@switchback/contracts';
import { HoldCipher } from '../hold/hold-cipher';

export interface SealedSend {
  readonly keyId: string;
  readonly ciphertext: Buffer;
}

/**
 * The send a failover or a revoke may need (recipient, content, labels), sealed with the hold
 * cipher (AES-256-GCM, bound to tenant and message id): never stored in plaintext.
 */
@Injectable()
export class SendSealer {
  constructor(private readonly cipher: HoldCipher) {}

  seal(send: SendRequested): SealedSend {
    const ciphertext = this.cipher.seal(toBinary(SendRequestedSchema, send), { tenantId: send.tenantId, messageId: send.messageId, field: 'send' });
    return { keyId: this.cipher.keyId, ciphertext };
  }

  open(tenantId: string, messageId: string, sealed: SealedSend): SendRequested {
    return fromBinary(SendRequestedSchema, this.cipher.open(sealed.keyId, sealed.ciphertext, { tenantId, messageId, field: 'send' }));
  }

  /** The send of a stored message; undefined once it was deleted (the message ended). */
  openStored(message: { readonly tenantId: string; readonly messageId: string; readonly keyId: string | null; readonly sendCiphertext: Buffer | null }): SendRequested | undefined {
    if (!message.keyId || !message.sendCiphertext) return undefined;
    return this.open(message.tenantId, message.messageId, { keyId: message.keyId, ciphertext: message.sendCiphertext });
  }
}
