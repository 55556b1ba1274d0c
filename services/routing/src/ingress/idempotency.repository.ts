import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import type { AcceptedResponse, IdempotencyRecord, IdempotencyStore } from './idempotency.store';

/** IdempotencyStore on Postgres (table idempotency_keys). */
@Injectable()
export class IdempotencyRepository implements IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async begin(tenantId: string, key: string, bodySha256: string, messageId: string, at: Date): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO idempotency_keys (tenant_id, key, body_sha256, state, message_id, created_at) VALUES ($1, $2, $3, 'in_progress', $4, $5)
       ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key`,
      [tenantId, key, bodySha256, messageId, at],
    )) as unknown[];
    return rows.length === 1;
  }

  async takeOver(tenantId: string, key: string, bodySha256: string, staleBefore: Date, at: Date): Promise<string | undefined> {
    const [result] = (await this.dataSource.query(
      `UPDATE idempotency_keys SET created_at = $5
       WHERE tenant_id = $1 AND key = $2 AND body_sha256 = $3 AND state = 'in_progress' AND created_at < $4 AND message_id IS NOT NULL
       RETURNING message_id`,
      [tenantId, key, bodySha256, staleBefore, at],
    )) as [{ message_id: string }[], number];
    return result[0]?.message_id;
  }

  async find(tenantId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.dataSource.getRepository(IdempotencyKeyEntity).findOne({ where: { tenantId, key } });
    return row ? { bodySha256: row.bodySha256, state: row.state, response: (row.response as AcceptedResponse | null) ?? null } : undefined;
  }

  async complete(tenantId: string, key: string, response: AcceptedResponse): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_keys SET state = 'done', response = $3 WHERE tenant_id = $1 AND key = $2`, [tenantId, key, JSON.stringify(response)]);
  }

  async release(tenantId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND state = 'in_progress'`, [tenantId, key]);
  }
}
