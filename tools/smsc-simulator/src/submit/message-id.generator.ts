import { randomInt } from 'node:crypto';
import type { MessageIdFormat } from '../smsc-options';

/** One SMSC message id in the two forms an ESME sees: submit_sm_resp and the receipt. */
export interface SmscMessageId {
  readonly inResponse: string;
  readonly inReceipt: string;
}

/**
 * Sequential ids from a random start below 2^31: unique per instance, unlikely to repeat across
 * restarts, and at most 10 decimal digits (the classic receipt `id:` width).
 */
export class MessageIdGenerator {
  private next = randomInt(0x1000_0000, 0x7000_0000);

  constructor(private readonly format: () => MessageIdFormat) {}

  allocate(): SmscMessageId {
    const value = this.next;
    this.next += 1;
    const hex = value.toString(16).toUpperCase();
    const decimal = value.toString(10);
    switch (this.format()) {
      case 'hex':
        return { inResponse: hex, inReceipt: hex };
      case 'decimal':
        return { inResponse: decimal, inReceipt: decimal };
      case 'hex-resp-decimal-receipt':
        return { inResponse: hex, inReceipt: decimal };
      case 'hex-resp-lowercase-receipt':
        // Zero-padded upper case in the response, bare lower case in the receipt.
        return { inResponse: hex.padStart(10, '0'), inReceipt: hex.toLowerCase() };
    }
  }
}
