import { rowHash, type ChainedRow } from '@switchback/audit-format';
import type { QueryRunner } from 'typeorm';
import type { Clock } from '@switchback/runtime';
import type { AppendResult, AuditEntry } from './audit-entry';
import type { ChainHead } from './chain-head';

const COLUMNS = ['seq', 'event_key', 'event_type', 'message_id', 'tenant_id', 'recipient_hash', 'hash_key_id', 'channel', 'outcome', 'fallback_reason', 'detail', 'occurred_at', 'recorded_at', 'prev_hash', 'row_hash'];

/** Postgres' idea of the detail (jsonb) as plain JSON, so the hash written is the hash re-read. */
export const normaliseDetail = (detail: Record<string, unknown> | null): unknown => (detail === null ? null : (JSON.parse(JSON.stringify(detail)) as unknown));

/**
 * The chain inside one transaction that holds the chain lock: appends link to the head read
 * under that lock, so concurrent writers (threads or instances) still build a single chain.
 */
export class ChainTransaction {
  constructor(
    readonly runner: QueryRunner,
    private current: ChainHead,
    private readonly clock: Clock,
    private readonly hashKeyIdOf: (recipientHash: string) => string,
  ) {}

  get head(): ChainHead {
    return this.current;
  }

  /** Appends the entries whose event key is new (also within the batch), in order. */
  async append(entries: readonly AuditEntry[]): Promise<AppendResult[]> {
    const keys = [...new Set(entries.map((entry) => entry.eventKey))];
    const found = (await this.runner.query('SELECT event_key FROM audit_event_keys WHERE event_key = ANY($1)', [keys])) as { event_key: string }[];
    const seen = new Set(found.map((row) => row.event_key));
    const results: AppendResult[] = [];
    const rows: (ChainedRow & { rowHash: string })[] = [];
    for (const entry of entries) {
      if (seen.has(entry.eventKey)) {
        results.push('duplicate');
        continue;
      }
      seen.add(entry.eventKey);
      // recorded_at never goes back, even if the clock does: partitions then hold seq ranges.
      const recordedAt = new Date(Math.max(this.clock.now(), this.current.recordedAt.getTime()));
      const seq = this.current.seq + 1n;
      const row: ChainedRow = {
        seq: seq.toString(),
        eventKey: entry.eventKey,
        eventType: entry.eventType,
        messageId: entry.messageId,
        tenantId: entry.tenantId,
        recipientHash: entry.recipientHash,
        hashKeyId: this.hashKeyIdOf(entry.recipientHash),
        channel: entry.channel,
        outcome: entry.outcome,
        fallbackReason: entry.fallbackReason,
        detail: normaliseDetail(entry.detail),
        occurredAt: entry.occurredAt,
        recordedAt,
        prevHash: this.current.rowHash,
      };
      const hash = rowHash(row);
      rows.push({ ...row, rowHash: hash });
      this.current = { seq, rowHash: hash, recordedAt };
      results.push('appended');
    }
    if (rows.length > 0) await this.insert(rows);
    return results;
  }

  private async insert(rows: readonly (ChainedRow & { rowHash: string })[]): Promise<void> {
    const keyParams = rows.flatMap((row) => [row.eventKey, row.seq]);
    await this.runner.query(`INSERT INTO audit_event_keys (event_key, seq) VALUES ${rows.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`).join(', ')}`, keyParams);
    const params = rows.flatMap((row) => [
      row.seq,
      row.eventKey,
      row.eventType,
      row.messageId,
      row.tenantId,
      row.recipientHash,
      row.hashKeyId,
      row.channel,
      row.outcome,
      row.fallbackReason,
      row.detail === null ? null : JSON.stringify(row.detail),
      row.occurredAt.toISOString(),
      row.recordedAt.toISOString(),
      row.prevHash,
      row.rowHash,
    ]);
    const values = rows.map((_, r) => `(${COLUMNS.map((_c, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`).join(', ');
    await this.runner.query(`INSERT INTO audit_events (${COLUMNS.join(', ')}) VALUES ${values}`, params);
  }
}
