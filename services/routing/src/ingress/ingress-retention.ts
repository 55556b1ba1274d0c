import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Rows per statement: bounds each delete's lock time and WAL burst. */
export const RETENTION_BATCH = 1_000;

/** Deletes what routing no longer needs: old Idempotency-Keys, and outcomes that never met a decision. */
@Injectable()
export class IngressRetention {
  constructor(private readonly dataSource: DataSource) {}

  async deleteKeysBefore(cutoff: Date): Promise<number> {
    return this.deleteBatch(
      `DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT ${RETENTION_BATCH})`,
      cutoff,
    );
  }

  /**
   * Re-keys up to one batch of body hashes stored before they were keyed (a bare SHA-256, which
   * a dictionary of codes reverses) into `rekey(legacy)`, the value a new request with that body
   * stores. Conditional on the old value, so a row changed meanwhile is left alone.
   */
  async rekeyLegacyBodies(rekey: (legacy: string) => string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT tenant_id, key, body_sha256 FROM idempotency_keys WHERE body_sha256 ~ '^[0-9a-f]{64}$' LIMIT ${RETENTION_BATCH}`,
    )) as { tenant_id: string; key: string; body_sha256: string }[];
    if (rows.length === 0) return 0;
    const [, count] = (await this.dataSource.query(
      `UPDATE idempotency_keys k SET body_sha256 = u.rekeyed
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(tenant_id, key, legacy, rekeyed)
       WHERE k.tenant_id = u.tenant_id AND k.key = u.key AND k.body_sha256 = u.legacy`,
      [rows.map((row) => row.tenant_id), rows.map((row) => row.key), rows.map((row) => row.body_sha256), rows.map((row) => rekey(row.body_sha256))],
    )) as [unknown[], number];
    return count;
  }

  /** A leg whose message has a decision is part of that message's history and stays. */
  async deleteOrphanLegsBefore(cutoff: Date): Promise<number> {
    return this.deleteBatch(
      `DELETE FROM message_legs WHERE ctid IN (
         SELECT l.ctid FROM message_legs l
         WHERE l.occurred_at < $1 AND NOT EXISTS (SELECT 1 FROM message_views v WHERE v.message_id = l.message_id)
         LIMIT ${RETENTION_BATCH})`,
      cutoff,
    );
  }

  private async deleteBatch(sql: string, cutoff: Date): Promise<number> {
    const [, count] = (await this.dataSource.query(sql, [cutoff])) as [unknown[], number];
    return count;
  }
}
