import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** prev_hash of the first row ever appended. */
export const GENESIS_HASH = '0'.repeat(64);

/** Format version of the row encoding; bump it (and keep the old one verifiable) to change it. */
export const ROW_FORMAT = 1;
const ROW_DOMAIN = 'switchback.audit.row.v1\n';

/** The fields of an audit row that its hash covers: every column except row_hash itself. */
export interface ChainedRow {
  readonly seq: string;
  readonly eventKey: string;
  readonly eventType: string;
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly hashKeyId: string;
  readonly channel: string;
  readonly outcome: string;
  readonly fallbackReason: string | null;
  readonly detail: unknown;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly prevHash: string;
}

/**
 * The bytes a row hash covers (v1): a domain tag, then canonical JSON of the fields with
 * snake_case names. seq is a decimal string (bigint-safe), times are ISO 8601 in UTC with
 * milliseconds (what timestamptz gives back to Node), detail is canonicalised jsonb.
 */
export function encodeRow(row: ChainedRow): string {
  return `${ROW_DOMAIN}${canonicalJson({
    v: ROW_FORMAT,
    seq: row.seq,
    event_key: row.eventKey,
    event_type: row.eventType,
    message_id: row.messageId,
    tenant_id: row.tenantId,
    recipient_hash: row.recipientHash,
    hash_key_id: row.hashKeyId,
    channel: row.channel,
    outcome: row.outcome,
    fallback_reason: row.fallbackReason,
    detail: row.detail ?? null,
    occurred_at: row.occurredAt.toISOString(),
    recorded_at: row.recordedAt.toISOString(),
    prev_hash: row.prevHash,
  })}`;
}

/** SHA-256 (hex) of the row's encoding; the encoding includes prev_hash, which makes the chain. */
export function rowHash(row: ChainedRow): string {
  return createHash('sha256').update(encodeRow(row), 'utf8').digest('hex');
}
