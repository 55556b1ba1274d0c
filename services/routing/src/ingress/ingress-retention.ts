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
