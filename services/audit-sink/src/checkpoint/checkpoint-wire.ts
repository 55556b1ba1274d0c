import type { SignedCheckpoint } from '../chain/checkpoint-signer';

/** A checkpoint as published (witness file line, HTTP body, export): snake_case JSON. */
export interface CheckpointWire {
  readonly v: 1;
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

export function toWire(checkpoint: SignedCheckpoint, id?: string): CheckpointWire {
  return {
    v: 1,
    ...(id === undefined ? {} : { id }),
    seq: checkpoint.seq,
    row_hash: checkpoint.rowHash,
    count: checkpoint.count,
    created_at: checkpoint.createdAt.toISOString(),
    key_id: checkpoint.keyId,
    key_fingerprint: checkpoint.keyFingerprint,
    public_key: checkpoint.publicKey,
    signature: checkpoint.signature,
  };
}
