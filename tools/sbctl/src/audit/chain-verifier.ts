import { checkpointSignatureValid, GENESIS_HASH, keyFingerprint, RETENTION_EVENT_TYPE, retentionRecordOf, retentionRecordProblem, storedRowHash, type PublishedCheckpoint, type StoredRow } from '@switchback/audit-format';

/** What a retention drop record (an audit row of type audit_partition_dropped) says left the chain. */
export interface DropRecord {
  readonly partition: string;
  readonly firstSeq: bigint;
  readonly lastSeq: bigint;
  readonly firstPrevHash: string;
  readonly lastRowHash: string;
}

/** A chain position trusted out of band (a signed checkpoint file, or seq:hash from the operator): the chain may start right after it. */
export interface ChainAnchor {
  readonly seq: bigint;
  readonly rowHash: string;
}

export interface VerifyOptions {
  readonly drops: readonly DropRecord[];
  readonly checkpoints: readonly (PublishedCheckpoint & { readonly source: string })[];
  /** Pinned raw Ed25519 public keys: the only keys a checkpoint may be signed with (at least one). */
  readonly trustedKeys: readonly Buffer[];
  /** Where the chain may start besides genesis. */
  readonly anchor?: ChainAnchor;
  /**
   * A range that starts after seq 1 (--from): it is anchored on `previous` (the row before
   * it) when that still exists, else on a retention record or a signed checkpoint there.
   */
  readonly from?: bigint;
  readonly previous?: StoredRow;
  readonly to?: bigint;
}

export type Verdict = { ok: true; rows: number; checkpoints: number; headSeq: bigint | undefined; head: string | undefined } | { ok: false; seq: bigint; reason: string };

interface Problem {
  readonly seq: bigint;
  readonly reason: string;
}

/** The drop record of a retention row, if it is one that is well formed and names a seq range (an empty partition names none). */
export function dropRecordOf(row: StoredRow): DropRecord | undefined {
  const record = retentionRecordOf(row);
  if (!record || record.firstSeq === undefined || record.lastSeq === undefined || retentionRecordProblem(row) !== undefined) return undefined;
  return { partition: record.partition, firstSeq: record.firstSeq, lastSeq: record.lastSeq, firstPrevHash: record.firstPrevHash, lastRowHash: record.lastRowHash };
}

/**
 * Checks a range of the chain row by row (stream them in seq order with push): every row's
 * hash, every link, every gap against a retention record, and every checkpoint in range:
 * its signature (by a pinned key only), and its head hash against the recomputed chain. The
 * whole chain starts at genesis or at the pinned anchor: rows cut from its head, and
 * checkpoints below where it now starts, are reported. Reports the lowest seq where something
 * is wrong.
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
  /** Where the chain was found to start (whole-chain runs): 0 for genesis, else the anchor's seq. */
  private startSeq: bigint | undefined;

  constructor(private readonly options: VerifyOptions) {
    if (options.trustedKeys.length === 0) throw new Error('a trusted public key is required: a checkpoint is never checked with the key stored beside it');
    for (const checkpoint of options.checkpoints) {
      this.signatureProblems.set(checkpoint, this.signatureProblem(checkpoint));
      const list = this.bySeq.get(checkpoint.seq) ?? [];
      list.push(checkpoint);
      this.bySeq.set(checkpoint.seq, list);
    }
  }

  /** A range after seq 1 (--from), checked against what precedes it rather than against the chain's start. */
  private get partial(): boolean {
    return (this.options.from ?? 1n) > 1n;
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
    const { anchor, previous, to } = this.options;
    const inRange = (checkpoint: PublishedCheckpoint) => {
      const seq = BigInt(checkpoint.seq);
      if (to !== undefined && seq > to) return false;
      if (!this.partial) return true;
      // A --from range leaves out checkpoints before it, bar the one it may be anchored on.
      const first = previous ? BigInt(previous.seq) + 1n : this.firstSeq;
      return first === undefined || seq >= first - 1n || this.options.drops.some((d) => seq >= d.firstSeq && seq <= d.lastSeq);
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
      if (!this.partial && this.startSeq !== undefined && seq <= this.startSeq) {
        // Below where the chain starts: only the pinned anchor itself may sit there.
        if (!(anchor && seq === anchor.seq && checkpoint.row_hash === anchor.rowHash)) problems.push({ seq, reason: `${label(checkpoint)} is below the chain's start (seq ${this.startSeq + 1n}): rows up to it were cut from the head` });
        continue;
      }
      if (this.partial && this.firstSeq !== undefined && seq === this.firstSeq - 1n && !previous) {
        // The checkpoint just before the first row read: the row's prev_hash is what it signed.
        if (checkpoint.row_hash !== this.firstPrev) problems.push({ seq, reason: `${label(checkpoint)} head hash does not match the chain` });
        continue;
      }
      if (this.partial && previous && seq === BigInt(previous.seq)) {
        if (previous.row_hash !== checkpoint.row_hash) problems.push({ seq, reason: `${label(checkpoint)} head hash does not match the chain` });
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
    if (row.event_type === RETENTION_EVENT_TYPE) {
      const forged = retentionRecordProblem(row);
      if (forged) return { seq, reason: forged };
    }
    const anchor = this.options.anchor;
    if (anchor && seq === anchor.seq && row.row_hash !== anchor.rowHash) return { seq, reason: `row ${seq} does not match the pinned anchor` };
    if (this.last) {
      const lastSeq = BigInt(this.last.seq);
      if (seq <= lastSeq) return { seq, reason: `out of order: seq ${seq} after seq ${lastSeq}` };
      if (seq === lastSeq + 1n) return row.prev_hash === this.last.row_hash ? undefined : { seq, reason: `prev_hash does not match the hash of row ${lastSeq}: a row was rewritten, removed or reordered` };
      return this.bridge(lastSeq, this.last.row_hash, row);
    }
    return this.partial ? this.rangeStart(row) : this.chainStart(row);
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

  /**
   * The first row of the whole chain links to genesis or to the pinned anchor, directly or
   * through retention records of the rows between. Nothing else: a signed checkpoint only
   * proves rows existed up to it, not that removing them was allowed.
   */
  private chainStart(row: StoredRow): Problem | undefined {
    const seq = BigInt(row.seq);
    const starts: ChainAnchor[] = [{ seq: 0n, rowHash: GENESIS_HASH }, ...(this.options.anchor && this.options.anchor.seq < seq ? [this.options.anchor] : [])];
    for (const start of starts) {
      const linked = seq === start.seq + 1n ? row.prev_hash === start.rowHash : this.bridge(start.seq, start.rowHash, row) === undefined;
      if (linked) {
        this.startSeq = start.seq;
        return undefined;
      }
    }
    if (seq === 1n) return { seq, reason: 'the first row does not link to genesis' };
    if (this.options.anchor && seq === this.options.anchor.seq + 1n) return { seq, reason: `row ${seq} does not link to the pinned anchor at seq ${this.options.anchor.seq}` };
    const from = this.options.anchor && this.options.anchor.seq < seq ? this.options.anchor.seq + 1n : 1n;
    return {
      seq: from,
      reason: `${from === seq - 1n ? `row ${from}` : `rows ${from}..${seq - 1n}`} missing: the chain starts at seq ${seq}, linked to neither genesis${this.options.anchor ? ', the pinned anchor' : ''} nor a retention record (rows were cut from its head; if they left legitimately, pin where it now starts with --anchor)`,
    };
  }

  /** The first row of a --from range: linked to the row before it, to a retention record or to a signed checkpoint. */
  private rangeStart(row: StoredRow): Problem | undefined {
    const seq = BigInt(row.seq);
    const previous = this.options.previous;
    if (previous && BigInt(previous.seq) === seq - 1n) {
      if (storedRowHash(previous) !== previous.row_hash) return { seq: seq - 1n, reason: 'row hash mismatch: the row was altered after it was written' };
      return row.prev_hash === previous.row_hash ? undefined : { seq, reason: `prev_hash does not match the hash of row ${seq - 1n}` };
    }
    if (seq === 1n) return row.prev_hash === GENESIS_HASH ? undefined : { seq, reason: 'the first row does not link to genesis' };
    const drop = this.options.drops.find((d) => d.lastSeq === seq - 1n);
    if (drop) return drop.lastRowHash === row.prev_hash ? undefined : { seq, reason: `prev_hash does not match retention record ${drop.partition}` };
    const checkpoint = (this.bySeq.get((seq - 1n).toString()) ?? []).find((c) => c.row_hash === row.prev_hash && !this.signatureProblems.get(c));
    if (checkpoint) return undefined;
    return { seq: seq - 1n, reason: `row ${seq - 1n} missing: nothing (the row before, a retention record or a signed checkpoint) anchors the range's start at ${seq}` };
  }

  private signatureProblem(checkpoint: PublishedCheckpoint): string | undefined {
    const embedded = Buffer.from(checkpoint.public_key, 'base64');
    if (keyFingerprint(embedded) !== checkpoint.key_fingerprint) return `${label(checkpoint)} key fingerprint does not match its public key`;
    if (checkpoint.count !== checkpoint.seq) return `${label(checkpoint)} count ${checkpoint.count} is not its seq`;
    const key = this.options.trustedKeys.find((candidate) => keyFingerprint(candidate) === checkpoint.key_fingerprint);
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
