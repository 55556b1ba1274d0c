import { createHash, createPublicKey, verify } from 'node:crypto';

// The verifier's own implementation of the audit-sink's v1 encodings (services/audit-sink/src/chain).
// Kept separate on purpose (a tool may not import a service, and an independent verifier does
// not share the writer's bugs); the golden vectors in both spec files pin them to each other.

export const GENESIS_HASH = '0'.repeat(64);
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  throw new TypeError(`${typeof value} is not JSON`);
}

/** An audit_events row as read from Postgres (seq as text, timestamps as Date). */
export interface AuditRow {
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

export function computeRowHash(row: AuditRow): string {
  const fields = {
    v: 1,
    seq: row.seq,
    event_key: row.event_key,
    event_type: row.event_type,
    message_id: row.message_id,
    tenant_id: row.tenant_id,
    recipient_hash: row.recipient_hash,
    hash_key_id: row.hash_key_id,
    channel: row.channel,
    outcome: row.outcome,
    fallback_reason: row.fallback_reason,
    detail: row.detail ?? null,
    occurred_at: row.occurred_at.toISOString(),
    recorded_at: row.recorded_at.toISOString(),
    prev_hash: row.prev_hash,
  };
  return createHash('sha256').update(`switchback.audit.row.v1\n${canonicalJson(fields)}`, 'utf8').digest('hex');
}

/** A signed checkpoint as published (database row, witness line, HTTP body). */
export interface Checkpoint {
  readonly id?: string;
  readonly seq: string;
  readonly row_hash: string;
  readonly count: string;
  readonly created_at: string;
  readonly key_id: string;
  readonly key_fingerprint: string;
  readonly public_key: string;
  readonly signature: string;
}

export function encodeCheckpoint(checkpoint: Checkpoint): string {
  const { seq, row_hash, count, created_at, key_id, key_fingerprint } = checkpoint;
  return `switchback.audit.checkpoint.v1\n${canonicalJson({ v: 1, seq, row_hash, count, created_at, key_id, key_fingerprint })}`;
}

export const fingerprintOf = (rawPublicKey: Buffer): string => createHash('sha256').update(rawPublicKey).digest('hex');

export function signatureValid(checkpoint: Checkpoint, rawPublicKey: Buffer): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, rawPublicKey]), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(encodeCheckpoint(checkpoint), 'utf8'), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A public key given as a PEM (SPKI), base64 DER SPKI or base64 of the raw 32 bytes. */
export function parsePublicKey(text: string): Buffer {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) {
    return createPublicKey({ key: trimmed, format: 'pem' }).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
  }
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length === 32) return bytes;
  if (bytes.length === 44 && bytes.subarray(0, 12).equals(SPKI_ED25519_PREFIX)) return bytes.subarray(12);
  throw new Error('not an Ed25519 public key (PEM, base64 SPKI or base64 raw 32 bytes)');
}
