import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RETENTION_EVENT_TYPE, retentionRecordProblem, storedRowHash, STORED_COLUMNS, toWire, type CheckpointWire, type SignedCheckpoint, type StoredRow } from '@switchback/audit-format';
import { CLOCK, type Clock, CONFIG, PeriodicTask } from '@switchback/runtime';
import { appendFile, mkdir } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import path from 'node:path';
import { AuditMetrics } from '../audit/audit-metrics';
import { AuditChainStore } from '../chain/audit-chain.store';
import type { ChainTransaction } from '../chain/chain-transaction';
import { CheckpointSigner } from '../chain/checkpoint-signer';
import type { AuditSinkConfig } from '../config/audit-sink.config';

export const WITNESS_FILE = 'audit-checkpoints.jsonl';
const PAGE = 5_000;

interface CheckpointRow {
  id: string;
  seq: string;
  row_hash: string;
  row_count: string;
  created_at: Date;
  key_id: string;
  key_fingerprint: string;
  public_key: string;
  signature: string;
}

const fromRow = (row: CheckpointRow): SignedCheckpoint => ({
  seq: row.seq,
  rowHash: row.row_hash,
  count: row.row_count,
  createdAt: row.created_at,
  keyId: row.key_id,
  keyFingerprint: row.key_fingerprint,
  publicKey: row.public_key,
  signature: row.signature,
});

/**
 * Signs the chain head (Ed25519) on an interval and on demand, stores the checkpoint and
 * appends it to the witness file outside the database. Before signing it re-reads every row
 * since the previous checkpoint and checks hashes and links: it never seals a broken chain.
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly store: AuditChainStore,
    private readonly dataSource: DataSource,
    private readonly signer: CheckpointSigner,
    private readonly metrics: AuditMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<AuditSinkConfig, 'AUDIT_CHECKPOINT_INTERVAL_MS' | 'AUDIT_CHECKPOINT_DIR' | 'AUDIT_RETENTION_MONTHS'>,
  ) {
    this.task = new PeriodicTask('audit checkpoint', config.AUDIT_CHECKPOINT_INTERVAL_MS, () => this.checkpoint());
  }

  async onApplicationBootstrap(): Promise<void> {
    const last = await this.latest();
    if (last) this.metrics.checkpointWritten(Date.parse(last.created_at));
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Signs the current head; returns the latest checkpoint if the head has not moved, undefined if the chain is empty. */
  async checkpoint(): Promise<CheckpointWire | undefined> {
    const made = await this.store.withChain(async (chain) => {
      const last = await this.latestIn(chain.runner);
      if (chain.head.seq === 0n) return undefined;
      if (last && BigInt(last.seq) === chain.head.seq) return { checkpoint: toWire(fromRow(last), last.id), fresh: false };
      await this.checkSince(chain, last);
      const signed = this.signer.sign({ seq: chain.head.seq.toString(), rowHash: chain.head.rowHash }, new Date(this.clock.now()));
      const [{ id }] = (await chain.runner.query(
        `INSERT INTO audit_checkpoints (seq, row_hash, row_count, created_at, key_id, key_fingerprint, public_key, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
        [signed.seq, signed.rowHash, signed.count, signed.createdAt.toISOString(), signed.keyId, signed.keyFingerprint, signed.publicKey, signed.signature],
      )) as [{ id: string }];
      return { checkpoint: toWire(signed, id), fresh: true };
    });
    if (!made) return undefined;
    if (made.fresh) {
      this.metrics.checkpointWritten(Date.parse(made.checkpoint.created_at));
      await this.witness(made.checkpoint);
    }
    return made.checkpoint;
  }

  /** Reads without the chain lock: appends go on meanwhile. */
  async latest(): Promise<CheckpointWire | undefined> {
    const last = await this.latestIn(this.dataSource);
    return last ? toWire(fromRow(last), last.id) : undefined;
  }

  private async latestIn(db: Pick<DataSource, 'query'>): Promise<CheckpointRow | undefined> {
    const rows = (await db.query('SELECT id::text AS id, seq::text AS seq, row_hash, row_count::text AS row_count, created_at, key_id, key_fingerprint, public_key, signature FROM audit_checkpoints ORDER BY audit_checkpoints.seq DESC, audit_checkpoints.id DESC LIMIT 1')) as CheckpointRow[];
    return rows[0];
  }

  /** Rows after the previous checkpoint must hash right and link up to it (an edit since would show). */
  private async checkSince(chain: ChainTransaction, last: CheckpointRow | undefined): Promise<void> {
    let afterSeq = last ? last.seq : '0';
    let prevHash = last?.row_hash;
    for (;;) {
      const rows = (await chain.runner.query(`SELECT ${STORED_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY audit_events.seq LIMIT ${PAGE}`, [afterSeq])) as StoredRow[];
      for (const row of rows) {
        const problem =
          BigInt(row.seq) !== BigInt(afterSeq) + 1n && prevHash !== undefined
            ? `row ${BigInt(afterSeq) + 1n} missing`
            : prevHash !== undefined && row.prev_hash !== prevHash
              ? 'prev_hash does not link'
              : storedRowHash(row) !== row.row_hash
                ? 'row hash mismatch'
                : this.retentionProblem(row);
        if (problem) {
          this.metrics.verifyFailures.inc();
          throw new Error(`audit chain broken at seq ${row.seq}: ${problem}; checkpoint not signed`);
        }
        afterSeq = row.seq;
        prevHash = row.row_hash;
      }
      if (rows.length < PAGE) return;
    }
  }

  /**
   * A retention record is sealed only if this service would have let it happen: retention on
   * here, a period no shorter than AUDIT_RETENTION_MONTHS, and the month outside it. A record
   * forged past the database's guards (a superuser) is not signed into the chain.
   */
  private retentionProblem(row: StoredRow): string | undefined {
    if (row.event_type !== RETENTION_EVENT_TYPE) return undefined;
    if (this.config.AUDIT_RETENTION_MONTHS === 0) return 'a retention record, but retention is off here (AUDIT_RETENTION_MONTHS=0)';
    return retentionRecordProblem(row, this.config.AUDIT_RETENTION_MONTHS);
  }

  private async witness(checkpoint: CheckpointWire): Promise<void> {
    if (!this.config.AUDIT_CHECKPOINT_DIR) return;
    await mkdir(this.config.AUDIT_CHECKPOINT_DIR, { recursive: true });
    await appendFile(path.join(this.config.AUDIT_CHECKPOINT_DIR, WITNESS_FILE), `${JSON.stringify(checkpoint)}\n`);
  }
}
