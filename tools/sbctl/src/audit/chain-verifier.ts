import { checkpointSignatureValid, GENESIS_HASH, keyFingerprint, storedRowHash, type PublishedCheckpoint, type StoredRow } from '@switchback/audit-format';

/** What a retention drop record (an audit row of type audit_partition_dropped) says left the chain. */
export interface DropRecord {
  readonly partition: string;
  readonly firstSeq: bigint;
  readonly lastSeq: bigint;
  readonly firstPrevHash: string;
  readonly lastRowHash: string;
}

export interface VerifyOptions {
  readonly drops: readonly DropRecord[];
  readonly checkpoints: readonly (PublishedCheckpoint & { readonly source: string })[];
  /** Pinned raw Ed25519 public keys; empty: each checkpoint is checked with the key it carries. */
  readonly trustedKeys: readonly Buffer[];
  /** The row just before the range (--from), when it still exists: the range's anchor. */
  readonly anchor?: StoredRow;
  readonly to?: bigint;
}

export type Verdict = { ok: true; rows: number; checkpoints: number; headSeq: bigint | undefined; head: string | undefined } | { ok: false; seq: bigint; reason: string };

interface Problem {
  readonly seq: bigint;
  readonly reason: string;
}

export function dropRecordOf(row: StoredRow): DropRecord | undefined {
  const detail = row.detail as Record<string, string | null> | null;
  if (row.event_type !== 'audit_partition_dropped' || !detail?.['firstSeq'] || !detail['lastSeq']) return undefined;
  return { partition: String(detail['partition']), firstSeq: BigInt(detail['firstSeq']), lastSeq: BigInt(detail['lastSeq']), firstPrevHash: String(detail['firstPrevHash']), lastRowHash: String(detail['lastRowHash']) };
}

/**
 * Checks a range of the chain row by row (stream them in seq order with push): every row's
 * hash, every link, every gap against a retention record, and every checkpoint in range:
 * its signature, its key, and its head hash against the recomputed chain. The whole range,
 * not only the last seal. Reports the lowest seq where something is wrong.
 */
export class ChainVerifier {
  private last: StoredRow | undefined;
  private rows = 0;
  private rowProblem: Problem | undefined;
  private readonly bySeq = new Map<string, (PublishedCheckpoint & { readonly source: string })[]>();
  private readonly matched = new Set<PublishedCheckpoint>();
  private readonly signatureProblems = new Map<PublishedCheckpoint, string | undefined>();
  private firstSeq: bigint | undefined;
  private firstPrev: string | undefined;

  constructor(private readonly options: VerifyOptions) {
    for (const checkpoint of options.checkpoints) {
      this.signatureProblems.set(checkpoint, this.signatureProblem(checkpoint));
      const list = this.bySeq.get(checkpoint.seq) ?? [];
      list.push(checkpoint);
      this.bySeq.set(checkpoint.seq, list);
    }
  }

  push(row: StoredRow): void {
    if (this.rowProblem) return;
    const problem = this.check(row);
    if (problem) {
      this.rowProblem = problem;
      return;
    }
    this.firstSeq ??= BigInt(row.seq);
    this.firstPrev ??= row.prev_hash;
    for (const checkpoint of this.bySeq.get(row.seq) ?? []) {
      this.matched.add(checkpoint);
      // A forged checkpoint is reported as such (finish), not as a rewritten chain.
      if (this.signatureProblems.get(checkpoint) === undefined && checkpoint.row_hash !== row.row_hash) this.rowProblem ??= { seq: BigInt(row.seq), reason: `${label(checkpoint)} head hash does not match the chain (rows up to it were rewritten)` };
    }
    this.last = row;
    this.rows += 1;
  }

  finish(): Verdict {
    const problems: Problem[] = this.rowProblem ? [this.rowProblem] : [];
    // Checkpoints before the range's first row are outside it, bar the one it may be anchored on.
    const first = this.options.anchor ? BigInt(this.options.anchor.seq) + 1n : this.firstSeq;
    const inRange = (checkpoint: PublishedCheckpoint) => {
      const seq = BigInt(checkpoint.seq);
      return (this.options.to === undefined || seq <= this.options.to) && (first === undefined || seq >= first - 1n || this.options.drops.some((d) => seq >= d.firstSeq && seq <= d.lastSeq));
    };
    for (const checkpoint of this.options.checkpoints.filter(inRange)) {
      const seq = BigInt(checkpoint.seq);
      const signed = this.signatureProblems.get(checkpoint);
      if (signed) problems.push({ seq, reason: signed });
      if (signed || this.matched.has(checkpoint) || this.rowProblem) continue;
      const dropped = this.options.drops.find((drop) => seq >= drop.firstSeq && seq <= drop.lastSeq);
      if (dropped) {
        if (seq === dropped.lastSeq && dropped.lastRowHash !== checkpoint.row_hash) problems.push({ seq, reason: `${label(checkpoint)} head hash does not match retention record ${dropped.partition}` });
        continue;
      }
      if (first !== undefined && seq === first - 1n && !this.options.anchor) {
        // The checkpoint just before the first row read: the row's prev_hash is what it signed.
        if (checkpoint.row_hash !== this.firstPrev) problems.push({ seq, reason: `${label(checkpoint)} head hash does not match the chain` });
        continue;
      }
      if (this.options.anchor && seq === BigInt(this.options.anchor.seq)) {
        if (this.options.anchor.row_hash !== checkpoint.row_hash) problems.push({ seq, reason: `${label(checkpoint)} head hash does not match the chain` });
        continue;
      }
      const lastSeq = this.last ? BigInt(this.last.seq) : 0n;
      if (seq > lastSeq) problems.push({ seq: lastSeq + 1n, reason: `rows ${lastSeq + 1n}..${seq} missing: ${label(checkpoint)} covers them (removed from the tail)` });
      else problems.push({ seq, reason: `row ${seq} missing: ${label(checkpoint)} covers it` });
    }
    if (problems.length > 0) {
      const worst = problems.reduce((a, b) => (b.seq < a.seq ? b : a));
      return { ok: false, seq: worst.seq, reason: worst.reason };
    }
    const counted = new Set(this.options.checkpoints.filter(inRange).map((c) => c.signature));
    return { ok: true, rows: this.rows, checkpoints: counted.size, headSeq: this.last ? BigInt(this.last.seq) : undefined, head: this.last?.row_hash };
  }

  private check(row: StoredRow): Problem | undefined {
    const seq = BigInt(row.seq);
    if (storedRowHash(row) !== row.row_hash) return { seq, reason: 'row hash mismatch: the row was altered after it was written' };
    if (this.last) {
      const lastSeq = BigInt(this.last.seq);
      if (seq <= lastSeq) return { seq, reason: `out of order: seq ${seq} after seq ${lastSeq}` };
      if (seq === lastSeq + 1n) return row.prev_hash === this.last.row_hash ? undefined : { seq, reason: `prev_hash does not match the hash of row ${lastSeq}: a row was rewritten, removed or reordered` };
      return this.bridge(lastSeq, this.last.row_hash, row);
    }
    return this.anchorStart(row);
  }

  /**
   * A gap is fine only where retention records say those rows were dropped: one record, or
   * several adjacent ones (partitions dropped month by month), with matching hashes at each end.
   */
  private bridge(lastSeq: bigint, lastHash: string, row: StoredRow): Problem | undefined {
    const seq = BigInt(row.seq);
    let cursor = lastSeq + 1n;
    let hash = lastHash;
    let used = '';
    while (cursor < seq) {
      const drop = this.options.drops.find((d) => d.firstSeq === cursor && d.lastSeq < seq);
      if (!drop) return { seq: cursor, reason: `row${seq - cursor > 1n ? `s ${cursor}..${seq - 1n}` : ` ${cursor}`} missing (no retention record covers the gap)` };
      if (drop.firstPrevHash !== hash) return { seq: cursor, reason: `retention record ${drop.partition} does not match the hashes around the gap` };
      cursor = drop.lastSeq + 1n;
      hash = drop.lastRowHash;
      used = drop.partition;
    }
    return row.prev_hash === hash ? undefined : { seq: lastSeq + 1n, reason: `retention record ${used} does not match the hashes around the gap (row ${seq} links elsewhere)` };
  }

  /** The first row read: linked to genesis, to the row before the range, to a retention record or to a signed checkpoint. */
  private anchorStart(row: StoredRow): Problem | undefined {
    const seq = BigInt(row.seq);
    const anchor = this.options.anchor;
    if (anchor && BigInt(anchor.seq) === seq - 1n) {
      if (storedRowHash(anchor) !== anchor.row_hash) return { seq: seq - 1n, reason: 'row hash mismatch: the row was altered after it was written' };
      return row.prev_hash === anchor.row_hash ? undefined : { seq, reason: `prev_hash does not match the hash of row ${seq - 1n}` };
    }
    if (seq === 1n) return row.prev_hash === GENESIS_HASH ? undefined : { seq, reason: 'the first row does not link to genesis' };
    const drop = this.options.drops.find((d) => d.lastSeq === seq - 1n);
    if (drop) return drop.lastRowHash === row.prev_hash ? undefined : { seq, reason: `prev_hash does not match retention record ${drop.partition}` };
    const checkpoint = (this.bySeq.get((seq - 1n).toString()) ?? []).find((c) => c.row_hash === row.prev_hash && !this.signatureProblems.get(c));
    if (checkpoint) return undefined;
    return { seq: seq - 1n, reason: `row ${seq - 1n} missing: nothing (genesis, retention record or signed checkpoint) anchors the chain's start at ${seq}` };
  }

  private signatureProblem(checkpoint: PublishedCheckpoint): string | undefined {
    const embedded = Buffer.from(checkpoint.public_key, 'base64');
    if (keyFingerprint(embedded) !== checkpoint.key_fingerprint) return `${label(checkpoint)} key fingerprint does not match its public key`;
    if (checkpoint.count !== checkpoint.seq) return `${label(checkpoint)} count ${checkpoint.count} is not its seq`;
    const keys = this.options.trustedKeys.length > 0 ? this.options.trustedKeys : [embedded];
    const key = keys.find((candidate) => keyFingerprint(candidate) === checkpoint.key_fingerprint);
    if (!key) return `${label(checkpoint)} is signed by an untrusted key ${checkpoint.key_fingerprint.slice(0, 16)}`;
    return checkpointSignatureValid(checkpoint, key) ? undefined : `${label(checkpoint)} signature invalid`;
  }
}

const label = (checkpoint: PublishedCheckpoint & { readonly source?: string }): string => `checkpoint ${checkpoint.id ? `#${checkpoint.id}` : `at seq ${checkpoint.seq}`}${checkpoint.source === 'witness' ? ' (witness)' : ''}`;

/** Convenience for rows already in memory (tests, small ranges). */
export function verifyRows(rows: Iterable<StoredRow>, options: VerifyOptions): Verdict {
  const verifier = new ChainVerifier(options);
  for (const row of rows) verifier.push(row);
  return verifier.finish();
}
