import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, REDIS } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';

/** What a delivery event needs to know about the leg it reports on (no content, no number). */
export interface LegRecord {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly leg: number;
  readonly requestedAtMs: string;
}

// RBM retries undelivered messages for up to 30 days; receipts can come that late.
const LEG_TTL_S = 31 * 24 * 3600;
// RBM retries webhooks for 7 days: remember event ids at least that long.
const EVENT_TTL_S = 8 * 24 * 3600;

@Injectable()
export class LegStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
  ) {}

  async save(record: LegRecord): Promise<void> {
    await this.redis.set(this.key('leg', record.messageId), JSON.stringify(record), 'EX', LEG_TTL_S);
  }

  async find(messageId: string): Promise<LegRecord | undefined> {
    const raw = await this.redis.get(this.key('leg', messageId));
    return raw ? (JSON.parse(raw) as LegRecord) : undefined;
  }

  /** True the first time an event id is seen: webhook deliveries are at-least-once. */
  async firstSighting(eventId: string): Promise<boolean> {
    return (await this.redis.set(this.key('event', eventId), '1', 'EX', EVENT_TTL_S, 'NX')) === 'OK';
  }

  private key(kind: string, id: string): string {
    return `${this.config.REDIS_KEY_PREFIX}rcs:${kind}:${id}`;
  }
}
