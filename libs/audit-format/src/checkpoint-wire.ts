/** What a checkpoint commits to: the chain head at one moment, and who signed it. */
export interface CheckpointBody {
  readonly seq: string;
  readonly rowHash: string;
  /** Rows appended since genesis up to seq (dropped partitions included), so equal to seq. */
  readonly count: string;
  readonly createdAt: Date;
  readonly keyId: string;
  readonly keyFingerprint: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Raw Ed25519 public key, base64. */
  readonly publicKey: string;
  /** Ed25519 signature of encodeCheckpoint(checkpointFields(body)), base64. */
  readonly signature: string;
}

/** The signed fields of a checkpoint as published: snake_case, the time as an ISO 8601 string. */
export interface CheckpointFields {
  readonly seq: string;
  readonly row_hash: string;
  readonly count: string;
  readonly created_at: string;
  readonly key_id: string;
  readonly key_fingerprint: string;
}

/** A signed checkpoint as published or stored (database row, witness file line, HTTP body). */
export interface PublishedCheckpoint extends CheckpointFields {
  readonly id?: string;
  readonly public_key: string;
  readonly signature: string;
}

/** A checkpoint as the audit-sink publishes it (witness file line, HTTP body): snake_case JSON. */
export interface CheckpointWire extends PublishedCheckpoint {
  readonly v: 1;
}

export function checkpointFields(body: CheckpointBody): CheckpointFields {
  return {
    seq: body.seq,
    row_hash: body.rowHash,
    count: body.count,
    created_at: body.createdAt.toISOString(),
    key_id: body.keyId,
    key_fingerprint: body.keyFingerprint,
  };
}

export function toWire(checkpoint: SignedCheckpoint, id?: string): CheckpointWire {
  return {
    v: 1,
    ...(id === undefined ? {} : { id }),
    ...checkpointFields(checkpoint),
    public_key: checkpoint.publicKey,
    signature: checkpoint.signature,
  };
}
