import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, REDIS, RedisScript } from '@switchback/runtime';
import type { StoredTraceContext } from '@switchback/telemetry';
import type Redis from 'ioredis';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import type { IdCandidate, ReceiptClass } from './delivery-receipt';
import { alternateIds, canonicalId } from './message-id';

/** One SMS leg as the receipts need it; `parts` is fixed when the leg is first planned. */
export interface LegMeta {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly leg: number;
  readonly requestedAtMs: string;
  readonly parts: number;
  /** The trace the leg was first submitted in: its receipt's outcome continues it. Ids only. */
  readonly trace?: StoredTraceContext;
}

/** Where an SMSC id points: a leg and the part number within it. */
export interface PartRef {
  readonly messageId: string;
  readonly leg: number;
  readonly part: number;
  readonly recipientHash: string;
}

/**
 * Which id of a receipt found its part: the receipted_message_id TLV or the text's id:, as
 * spelled (tlv, text) or only in the other base (hex read as decimal or the reverse).
 */
export type CorrelationPath = 'tlv' | 'tlv_alt_base' | 'text' | 'text_alt_base';

export interface PartMatch {
  readonly ref: PartRef;
  readonly path: CorrelationPath;
}

export type ReceiptVerdict =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'duplicate' | 'pending' | 'after_final'; readonly meta: LegMeta }
  | { readonly kind: 'final'; readonly outcome: ReceiptClass; readonly stat: string; readonly meta: LegMeta; readonly carrierMessageId: string };

/** A decided outcome not confirmed published after this long may be handed out again. */
const RECLAIM_AFTER_MS = 30_000;
const CLASS_CODE: Readonly<Record<ReceiptClass, string>> = { delivered: 'D', failed: 'F', expired: 'E' };
const CODE_CLASS: Readonly<Record<string, ReceiptClass>> = { D: 'delivered', F: 'failed', E: 'expired' };

/**
 * Records one part's receipt once and decides the leg atomically: FAILED/EXPIRED as soon as
 * any part is, DELIVERED once every part is; a decision is taken once (field `final`) and
 * handed out again only until its outcome has been published (field `emitted`).
 * KEYS[1] leg hash; ARGV part, class code, stat, ttl seconds, now ms, re-claim after ms.
 */
const APPLY_RECEIPT = new RedisScript(`
if redis.call('HEXISTS', KEYS[1], 'meta') == 0 then return {'unknown'} end
local fresh = redis.call('HSETNX', KEYS[1], 'st:' .. ARGV[1], ARGV[2] .. '|' .. ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
local final = redis.call('HGET', KEYS[1], 'final')
if final and redis.call('HEXISTS', KEYS[1], 'emitted') == 0 then
  -- Handed out before but not confirmed published: hand it out again only once that
  -- attempt has clearly failed (claim older than ARGV[6] ms), never to a concurrent copy.
  local claimed = tonumber(redis.call('HGET', KEYS[1], 'claimed') or '0')
  if tonumber(ARGV[5]) - claimed > tonumber(ARGV[6]) then
    redis.call('HSET', KEYS[1], 'claimed', ARGV[5])
    return {'final', final, redis.call('HGET', KEYS[1], 'sub:1') or ''}
  end
end
if fresh == 0 then return {'duplicate'} end
if final then return {'after_final'} end
local meta = cjson.decode(redis.call('HGET', KEYS[1], 'meta'))
local decision = nil
if ARGV[2] ~= 'D' then
  decision = ARGV[2] .. '|' .. ARGV[3]
else
  local delivered = 0
  for i = 1, meta.parts do
    local state = redis.call('HGET', KEYS[1], 'st:' .. i)
    if state and string.sub(state, 1, 1) == 'D' then delivered = delivered + 1 end
  end
  if delivered == meta.parts then decision = 'D|' .. ARGV[3] end
end
if not decision then return {'pending'} end
redis.call('HSET', KEYS[1], 'final', decision, 'claimed', ARGV[5])
return {'final', decision, redis.call('HGET', KEYS[1], 'sub:1') or ''}
`);

/**
 * SMSC message ids -> our legs, and each leg's parts and receipts, in Redis with a TTL: a
 * receipt may come days later, to another bind or another gateway instance.
 */
@Injectable()
export class LegStore {
  private readonly prefix: string;
  private readonly ttlS: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: SmppGatewayConfig,
  ) {
    this.prefix = `${config.REDIS_KEY_PREFIX}smpp:`;
    this.ttlS = config.SMPP_RECEIPT_TTL_S;
  }

  /** Registers the leg (first attempt wins: a retry keeps the original part count). */
  async begin(meta: LegMeta): Promise<void> {
    const key = this.legKey(meta.messageId, meta.leg);
    await this.redis.multi().hsetnx(key, 'meta', JSON.stringify(meta)).expire(key, this.ttlS).exec();
  }

  /** Parts of the leg the SMSC already accepted (a retry resumes after them): part -> SMSC id. */
  async submittedParts(messageId: string, leg: number): Promise<Map<number, string>> {
    const all = await this.redis.hgetall(this.legKey(messageId, leg));
    const parts = new Map<number, string>();
    for (const [field, value] of Object.entries(all)) if (field.startsWith('sub:')) parts.set(Number(field.slice(4)), value);
    return parts;
  }

  /** The connector (path id) the leg's first accepted part went through: its other parts must follow. */
  async connectorOf(messageId: string, leg: number): Promise<string | undefined> {
    return (await this.redis.hget(this.legKey(messageId, leg), 'connector')) ?? undefined;
  }

  /** `connector`: the path id the part went through (the first part's pins the leg). */
  async recordPart(meta: LegMeta, part: number, smscMessageId: string, connector?: string): Promise<void> {
    const ref: PartRef = { messageId: meta.messageId, leg: meta.leg, part, recipientHash: meta.recipientHash };
    const value = JSON.stringify(ref);
    const legKey = this.legKey(meta.messageId, meta.leg);
    const tx = this.redis.multi().hset(legKey, `sub:${part}`, smscMessageId).expire(legKey, this.ttlS);
    if (connector !== undefined) tx.hsetnx(legKey, 'connector', connector);
    // An OK submit_sm_resp without a message_id can never be matched: index nothing for it.
    if (canonicalId(smscMessageId)) tx.set(this.idKey('id', smscMessageId), value, 'EX', this.ttlS);
    for (const alias of alternateIds(smscMessageId)) tx.set(this.idKey('alias', alias), value, 'EX', this.ttlS);
    await tx.exec();
  }

  /**
   * The part a receipt is about, tried in order: the TLV id as spelled, in the other base, then
   * the text's id likewise. Among several hits the first sent to the receipt's handset wins (a
   * hex id can read as another message's decimal id). One round trip.
   */
  async findPart(candidates: readonly IdCandidate[], recipientHash: string | undefined): Promise<PartMatch | undefined> {
    const lookups: { key: string; path: CorrelationPath }[] = candidates.flatMap(({ source, id }) => [
      { key: this.idKey('id', id), path: source },
      { key: this.idKey('alias', id), path: `${source}_alt_base` as const },
    ]);
    if (lookups.length === 0) return undefined;
    const values = await this.redis.mget(...lookups.map((l) => l.key));
    const hits = lookups.flatMap(({ path }, i) => {
      const value = values[i];
      return typeof value === 'string' ? [{ ref: JSON.parse(value) as PartRef, path }] : [];
    });
    return hits.find((hit) => recipientHash !== undefined && hit.ref.recipientHash === recipientHash) ?? hits[0];
  }

  async applyReceipt(ref: PartRef, outcome: ReceiptClass, stat: string): Promise<ReceiptVerdict> {
    const key = this.legKey(ref.messageId, ref.leg);
    const [kind, decision, firstId] = (await APPLY_RECEIPT.run(this.redis, [key], [String(ref.part), CLASS_CODE[outcome], stat, String(this.ttlS), String(Date.now()), String(RECLAIM_AFTER_MS)])) as string[];
    if (kind === 'unknown') return { kind: 'unknown' };
    const raw = await this.redis.hget(key, 'meta');
    if (raw === null) return { kind: 'unknown' }; // expired in between
    const meta = JSON.parse(raw) as LegMeta;
    if (kind !== 'final') return { kind: kind as 'duplicate' | 'pending' | 'after_final', meta };
    const [code = 'F', finalStat = ''] = (decision ?? '').split('|');
    return { kind: 'final', outcome: CODE_CLASS[code] ?? 'failed', stat: finalStat, meta, carrierMessageId: firstId ?? '' };
  }

  /** The leg's outcome is on the bus: later copies of its receipts are duplicates. */
  async markEmitted(ref: PartRef): Promise<void> {
    await this.redis.hset(this.legKey(ref.messageId, ref.leg), 'emitted', '1');
  }

  private legKey(messageId: string, leg: number): string {
    return `${this.prefix}leg:${messageId}:${leg}`;
  }

  private idKey(kind: 'id' | 'alias', smscMessageId: string): string {
    return `${this.prefix}${kind}:${canonicalId(smscMessageId)}`;
  }
}
