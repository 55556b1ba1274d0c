import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { CODE_ALPHABET, CODE_LENGTH } from '@switchback/secure-link';
import { createHmac, hkdfSync } from 'node:crypto';
import type { RoutingConfig } from '../config/routing.config';

const INFO = 'switchback/secure-link/relay-code/v1';
// Largest multiple of the alphabet size in a byte: higher bytes are skipped (no modulo bias).
const LIMIT = 256 - (256 % CODE_ALPHABET.length);

/** A key of its own for codes (HKDF, own label): a code never reveals anything about the hold key. */
const codeKeyOf = (holdKey: Buffer): Buffer => Buffer.from(hkdfSync('sha256', holdKey, Buffer.alloc(0), INFO, 32));

/** A code handed to the sender, and the id of the key it is derived from (the only part on the bus). */
export interface IssuedCode {
  readonly keyId: string;
  readonly code: string;
}

/**
 * Second-channel codes the sender relays ("codeDelivery: sender"). The ingress answers the code
 * in POST /v1/messages before any link exists; the dispatcher needs the same code later to
 * encrypt. Rather than store it or put it on the bus, both derive it: HMAC of tenant and message
 * id under a key derived (HKDF, its own label) from routing's hold key of that id. Only the key
 * id travels; a rotated-out hold key still derives codes while it is configured as previous.
 */
@Injectable()
export class RelayCodes {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;
  private readonly currentKey: Buffer;

  constructor(@Inject(CONFIG) config: Pick<RoutingConfig, 'HOLD_ENCRYPTION_KEY' | 'HOLD_ENCRYPTION_KEY_ID' | 'HOLD_PREVIOUS_KEYS'>) {
    this.currentId = config.HOLD_ENCRYPTION_KEY_ID;
    this.currentKey = codeKeyOf(config.HOLD_ENCRYPTION_KEY);
    this.keys.set(this.currentId, this.currentKey);
    for (const { id, key } of config.HOLD_PREVIOUS_KEYS) if (!this.keys.has(id)) this.keys.set(id, codeKeyOf(key));
  }

  issue(tenantId: string, messageId: string): IssuedCode {
    return { keyId: this.currentId, code: this.codeUnder(this.currentKey, tenantId, messageId) };
  }

  /** The code issued for this message under `keyId`; undefined when that key is not configured. */
  derive(tenantId: string, messageId: string, keyId: string): string | undefined {
    const key = this.keys.get(keyId);
    return key ? this.codeUnder(key, tenantId, messageId) : undefined;
  }

  private codeUnder(key: Buffer, tenantId: string, messageId: string): string {
    let code = '';
    for (let round = 0; code.length < CODE_LENGTH; round++) {
      const block = createHmac('sha256', key).update(JSON.stringify([tenantId, messageId, round])).digest();
      for (const byte of block) if (byte < LIMIT && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
    return code;
  }
}
