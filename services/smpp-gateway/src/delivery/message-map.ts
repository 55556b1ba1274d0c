import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, REDIS } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { canonicalMessageId } from '../smpp/delivery-receipt';

export interface SmsLeg {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly leg: number;
  readonly requestedAtMs: string;
}

// SMS validity is at most days; receipts later than this are not worth correlating.
const MAP_TTL_S = 3 * 24 * 3600;

/** SMSC message id → our leg, in Redis so a restart between submit and receipt loses nothing. */
@Injectable()
export class MessageMap {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: SmppGatewayConfig,
  ) {}

  async remember(smscMessageId: string, leg: SmsLeg): Promise<void> {
    await this.redis.set(this.key(smscMessageId), JSON.stringify(leg), 'EX', MAP_TTL_S);
  }

  async find(smscMessageId: string): Promise<SmsLeg | undefined> {
    const raw = await this.redis.get(this.key(smscMessageId));
    return raw ? (JSON.parse(raw) as SmsLeg) : undefined;
  }

  private key(smscMessageId: string): string {
    return `${this.config.REDIS_KEY_PREFIX}smsc:${canonicalMessageId(smscMessageId)}`;
  }
}
