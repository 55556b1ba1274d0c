import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, REDIS } from '@switchback/runtime';
import type { StoredTraceContext } from '@switchback/telemetry';
import type Redis from 'ioredis';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';

/** Set by events and revocation only; absent while the leg is pending or submitted. */
export type LegState = 'delivered' | 'read' | 'expired' | 'revoked';

/** What a delivery event needs to know about the leg it reports on (no content, no number). */
export interface LegRecord {
  /** The RBM messageId (a UUID derived from messageId + leg). */
  readonly rbmMessageId: string;
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly leg: number;
  readonly requestedAtMs: string;
  /** When the leg was first tried: its ttl counts from here across bus retries. */
  readonly firstAttemptAtMs: number;
  /**
   * The hub (RBM_HUBS id) the leg was first sent to: every later attempt and the revoke go there,
   * since the RBM messageId makes retries idempotent at one hub only.
   */
  readonly hubId?: string;
  /** The device refused rich content once: every later attempt sends plain text. */
  readonly plainOnly?: boolean;
  readonly state?: LegState;
  /** A revoke command's answer, stored before its outcome is published (redeliveries repeat it). */
  readonly revoke?: RevokeRecord;
  /** The trace of the leg's first send attempt: its receipts continue that trace. Ids only. */
  readonly trace?: StoredTraceContext;
}

/** What a revoke command of the leg got, and whether its outcome is on the bus yet. */
export interface RevokeRecord {
  readonly answer: 'revoked' | 'already_delivered' | 'already_expired';
  /** The command's reason (delivery_timeout, dual_delivery_lost). */
  readonly reason: string;
  readonly reported: boolean;
}

// RBM retries undelivered messages for up to 30 days; receipts can come that late.
const LEG_TTL_S = 31 * 24 * 3600;
// RBM retries webhooks for 7 days: remember event ids at least that long.
const EVENT_TTL_S = 8 * 24 * 3600;

/**
 * Durable leg correlation in Redis (RBM messageId → leg) and the webhook event-id claims, so a
 * restart or a second replica sees the same legs and drops the same redeliveries.
 */
@Injectable()
export class LegStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
  ) {}

  /** Stores the leg unless it exists; returns the stored one either way (first attempt wins). */
  async open(record: LegRecord): Promise<LegRecord> {
    const created = await this.redis.set(this.key('leg', record.rbmMessageId), JSON.stringify(record), 'EX', LEG_TTL_S, 'NX');
    if (created === 'OK') return record;
    return (await this.find(record.rbmMessageId)) ?? record;
  }

  async find(rbmMessageId: string): Promise<LegRecord | undefined> {
    const raw = await this.redis.get(this.key('leg', rbmMessageId));
    return raw ? (JSON.parse(raw) as LegRecord) : undefined;
  }

  async update(record: LegRecord, change: Partial<Pick<LegRecord, 'plainOnly' | 'state' | 'revoke' | 'hubId'>>): Promise<LegRecord> {
    const next = { ...record, ...change };
    await this.redis.set(this.key('leg', record.rbmMessageId), JSON.stringify(next), 'EX', LEG_TTL_S);
    return next;
  }

  /** True the first time an event id is claimed: webhook deliveries are at-least-once. */
  async claimEvent(eventId: string): Promise<boolean> {
    return (await this.redis.set(this.key('event', eventId), '1', 'EX', EVENT_TTL_S, 'NX')) === 'OK';
  }

  /** Gives a claim back when its outcome could not be published, so RBM's redelivery counts. */
  async releaseEvent(eventId: string): Promise<void> {
    await this.redis.del(this.key('event', eventId));
  }

  private key(kind: string, id: string): string {
    return `${this.config.REDIS_KEY_PREFIX}rcs:${kind}:${id}`;
  }
}
