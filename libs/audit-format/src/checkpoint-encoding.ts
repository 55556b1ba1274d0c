import { canonicalJson } from './canonical-json';
import type { CheckpointFields } from './checkpoint-wire';

const CHECKPOINT_DOMAIN = 'switchback.audit.checkpoint.v1\n';

/** The bytes a checkpoint signature covers (v1): a domain tag, then canonical JSON of the signed fields. */
export function encodeCheckpoint(fields: CheckpointFields): string {
  return `${CHECKPOINT_DOMAIN}${canonicalJson({
    v: 1,
    seq: fields.seq,
    row_hash: fields.row_hash,
    count: fields.count,
    created_at: fields.created_at,
    key_id: fields.key_id,
    key_fingerprint: fields.key_fingerprint,
  })}`;
}
