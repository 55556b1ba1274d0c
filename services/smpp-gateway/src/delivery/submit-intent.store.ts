import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, REDIS, RedisScript } from '@switchback/runtime';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';

/**
 * What a dispatch finds when it claims its leg:
 * - claimed: no intent existed; this attempt owns the submission now.
 * - busy: another attempt is submitting and alive (its heartbeat is recent): retry later.
 * - in_doubt: an attempt died (or lost its answer) mid-submit; `fresh` when this claim found it so.
 * - submitted: every part was accepted (firstId = the first part's SMSC id).
 * - refused: the SMSC refused the message for good (reason = the status name).
 */
export type IntentClaim =
  | { readonly kind: 'claimed'; readonly intent: OwnIntent }
  | { readonly kind: 'busy' }
  | { readonly kind: 'in_doubt'; readonly fresh: boolean }
  | { readonly kind: 'submitted'; readonly firstId: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** A claimed intent: the owner is this instance plus a random token, unique per attempt. */
export interface OwnIntent {
  readonly messageId: string;
  readonly leg: number;
  readonly owner: string;
}

/**
 * Atomic claim of a leg's submission (the "SET NX" of the intent, plus the look at an existing
 * one). KEYS[1] intent hash; ARGV instance, now ms, ttl s, stale after ms.
 */
const CLAIM = new RedisScript(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  redis.call('HSET', KEYS[1], 'state', 'submitting', 'instance', ARGV[1], 'at', ARGV[2], 'since', ARGV[2])
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
  return {'claimed', ''}
end
if state == 'submitting' then
  local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
  if tonumber(ARGV[2]) - at < tonumber(ARGV[4]) then return {'busy', ''} end
  redis.call('HSET', KEYS[1], 'state', 'in_doubt', 'doubted_at', ARGV[2], 'doubted_by', ARGV[1])
  return {'in_doubt', 'fresh'}
end
if state == 'submitted' then return {'submitted', redis.call('HGET', KEYS[1], 'ids') or ''} end
if state == 'refused' then return {'refused', redis.call('HGET', KEYS[1], 'reason') or ''} end
return {'in_doubt', ''}
`);

/** Moves a live intent of ours, and only while it is still "submitting". KEYS[1]; ARGV instance, field/value pairs. */
const UPDATE_OWN = new RedisScript(`
if redis.call('HGET', KEYS[1], 'state') ~= 'submitting' or redis.call('HGET', KEYS[1], 'instance') ~= ARGV[1] then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
`);

/** Gives up a claim that sent nothing (refused before submit, throttled): the next attempt may submit. */
const RELEASE_OWN = new RedisScript(`
if redis.call('HGET', KEYS[1], 'state') ~= 'submitting' or redis.call('HGET', KEYS[1], 'instance') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

/**
 * The submit intent of each SMS leg, in Redis: recorded before the first submit_sm, kept
 * alive by a heartbeat while parts go out, and turned into "submitted" (with the SMSC ids),
 * "refused" or "in_doubt". A redelivered dispatch reads it instead of submitting again, so a
 * crash-and-replay never sends a second SMS. Lives as long as the receipts (SMPP_RECEIPT_TTL_S).
 */
@Injectable()
export class SubmitIntentStore {
  private readonly prefix: string;
  private readonly ttlS: number;
  private readonly instanceId: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: SmppGatewayConfig,
  ) {
    this.prefix = `${config.REDIS_KEY_PREFIX}smpp:intent:`;
    this.ttlS = config.SMPP_RECEIPT_TTL_S;
    this.instanceId = config.CIRCUIT_INSTANCE_ID;
  }

  /** Claims the leg unless an intent exists; an intent whose heartbeat is older than `staleAfterMs` is in doubt. */
  async claim(messageId: string, leg: number, now: number, staleAfterMs: number): Promise<IntentClaim> {
    const owner = `${this.instanceId}/${randomUUID()}`;
    const [kind, detail = ''] = (await CLAIM.run(this.redis, [this.key(messageId, leg)], [owner, String(now), String(this.ttlS), String(staleAfterMs)])) as string[];
    switch (kind) {
      case 'claimed':
        return { kind, intent: { messageId, leg, owner } };
      case 'busy':
        return { kind };
      case 'submitted':
        return { kind, firstId: detail.split(',')[0] ?? '' };
      case 'refused':
        return { kind, reason: detail };
      default:
        return { kind: 'in_doubt', fresh: detail === 'fresh' };
    }
  }

  /** Proves this attempt is alive (a redelivery waits instead of declaring it in doubt). */
  async heartbeat(intent: OwnIntent, now: number): Promise<void> {
    await this.updateOwn(intent, ['at', String(now)]);
  }

  async submitted(intent: OwnIntent, smscIds: readonly string[]): Promise<void> {
    await this.updateOwn(intent, ['state', 'submitted', 'ids', smscIds.join(',')]);
  }

  async refused(intent: OwnIntent, reason: string): Promise<void> {
    await this.updateOwn(intent, ['state', 'refused', 'reason', reason]);
  }

  /** This attempt wrote a submit_sm and got no answer: never submit the leg again. */
  async inDoubt(intent: OwnIntent, now: number): Promise<void> {
    await this.updateOwn(intent, ['state', 'in_doubt', 'doubted_at', String(now), 'doubted_by', intent.owner]);
  }

  async release(intent: OwnIntent): Promise<void> {
    await RELEASE_OWN.run(this.redis, [this.key(intent.messageId, intent.leg)], [intent.owner]);
  }

  /** Test and diagnostics view of one intent. */
  async read(messageId: string, leg: number): Promise<Record<string, string>> {
    return this.redis.hgetall(this.key(messageId, leg));
  }

  private async updateOwn(intent: OwnIntent, pairs: string[]): Promise<void> {
    await UPDATE_OWN.run(this.redis, [this.key(intent.messageId, intent.leg)], [intent.owner, ...pairs]);
  }

  private key(messageId: string, leg: number): string {
    return `${this.prefix}${messageId}:${leg}`;
  }
}
