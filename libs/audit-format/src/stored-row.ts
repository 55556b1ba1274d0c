import { rowHash, type ChainedRow } from './row-hash';

/** An audit_events row as node-postgres returns it (seq selected as text, timestamps as Date). */
export interface StoredRow {
  seq: string;
  event_key: string;
  event_type: string;
  message_id: string;
  tenant_id: string;
  recipient_hash: string;
  hash_key_id: string;
  channel: string;
  outcome: string;
  fallback_reason: string | null;
  detail: unknown;
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string;
  row_hash: string;
}

/** The select list that reads a StoredRow. */
export const STORED_COLUMNS =
  'seq::text AS seq, event_key, event_type, message_id, tenant_id, recipient_hash, hash_key_id, channel, outcome, fallback_reason, detail, occurred_at, recorded_at, prev_hash, row_hash';

export function chainedRowOf(row: StoredRow): ChainedRow {
  return {
    seq: row.seq,
    eventKey: row.event_key,
    eventType: row.event_type,
    messageId: row.message_id,
    tenantId: row.tenant_id,
    recipientHash: row.recipient_hash,
    hashKeyId: row.hash_key_id,
    channel: row.channel,
    outcome: row.outcome,
    fallbackReason: row.fallback_reason,
    detail: row.detail,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
  };
}

/** The hash a stored row should carry: recomputed from its columns (row_hash itself excluded). */
export function storedRowHash(row: StoredRow): string {
  return rowHash(chainedRowOf(row));
}
