import { randomBytes } from 'node:crypto';
import type { DataKeyRecord, DataKeyStore } from './data-key-store';
import type { WrappedDataKey } from './key-encryption';

/**
 * Runs one SQL statement and resolves with its rows: a pg Pool (`(sql, params) =>
 * pool.query(sql, params).then((r) => r.rows)`) or TypeORM (`fromDataSource`).
 */
export type SqlQuery = (sql: string, params: readonly unknown[]) => Promise<readonly Record<string, unknown>[]>;

/** TypeORM's DataSource.query answers [rows, count] for UPDATE/DELETE … RETURNING: rows either way. */
export const fromDataSource =
  (dataSource: { query(sql: string, params?: unknown[]): Promise<unknown> }): SqlQuery =>
  async (sql, params) => {
    const result = await dataSource.query(sql, [...params]);
    const rows = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
    return rows as Record<string, unknown>[];
  };

interface Row {
  key_id: string;
  tenant_id: string;
  bucket_start: Date;
  kek_id: string | null;
  wrapped: Buffer | null;
  destroyed_at: Date | null;
}

const COLUMNS = 'key_id, tenant_id, bucket_start, kek_id, wrapped, destroyed_at';

const toRecord = (row: Row): DataKeyRecord => ({
  keyId: row.key_id,
  tenantId: row.tenant_id,
  bucketStart: row.bucket_start,
  stored: row.wrapped && row.kek_id ? { kekId: row.kek_id, wrapped: row.wrapped } : null,
  destroyedAt: row.destroyed_at,
});

/**
 * Wrapped data keys in Postgres, in a schema of their own that every service that seals or
 * opens shares (its own schema holds none). One row per tenant and bucket; destroying a key
 * nulls its wrapped bytes in place, so the id still answers "destroyed", not "unknown".
 */
export class PostgresDataKeyStore implements DataKeyStore {
  private readonly table: string;

  constructor(
    private readonly query: SqlQuery,
    private readonly schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`data key schema ${schema} must be a lower-case identifier`);
    this.table = `"${schema}".data_keys`;
  }

  /** Creates the schema and table if missing (a deployment runs it once, like a migration). */
  async migrate(): Promise<void> {
    await this.ignoringConcurrentCreate(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    await this.ignoringConcurrentCreate(
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         key_id text PRIMARY KEY,
         tenant_id text NOT NULL,
         bucket_start timestamptz NOT NULL,
         kek_id text,
         wrapped bytea,
         created_at timestamptz NOT NULL DEFAULT now(),
         destroyed_at timestamptz,
         UNIQUE (tenant_id, bucket_start),
         CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
       )`,
    );
  }

  /** Services booting together race on IF NOT EXISTS (Postgres checks the catalog, then inserts). */
  private async ignoringConcurrentCreate(sql: string): Promise<void> {
    try {
      await this.query(sql, []);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // unique_violation on the catalog, duplicate_schema, duplicate_table: the other one made it.
      if (code !== '23505' && code !== '42P06' && code !== '42P07') throw error;
    }
  }

  async keyFor(tenantId: string, bucketStart: Date, create: (keyId: string) => Promise<WrappedDataKey>): Promise<DataKeyRecord> {
    const existing = await this.inBucket(tenantId, bucketStart);
    if (existing) return existing;
    const keyId = `dk_${randomBytes(12).toString('base64url')}`;
    const stored = await create(keyId);
    const inserted = (await this.query(
      `INSERT INTO ${this.table} (key_id, tenant_id, bucket_start, kek_id, wrapped) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, bucket_start) DO NOTHING RETURNING ${COLUMNS}`,
      [keyId, tenantId, bucketStart, stored.kekId, stored.wrapped],
    )) as unknown as Row[];
    if (inserted[0]) return toRecord(inserted[0]);
    // Another instance created the bucket's key first: everyone uses that one.
    const winner = await this.inBucket(tenantId, bucketStart);
    if (!winner) throw new Error(`data key of ${tenantId} for ${bucketStart.toISOString()} neither inserted nor found`);
    return winner;
  }

  async find(keyIds: readonly string[]): Promise<DataKeyRecord[]> {
    if (keyIds.length === 0) return [];
    const rows = (await this.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE key_id = ANY($1::text[])`, [keyIds])) as unknown as Row[];
    return rows.map(toRecord);
  }

  async destroyBefore(cutoff: Date, limit: number): Promise<number> {
    const rows = await this.query(
      `UPDATE ${this.table} SET wrapped = NULL, kek_id = NULL, destroyed_at = now()
        WHERE key_id IN (SELECT key_id FROM ${this.table} WHERE bucket_start < $1 AND destroyed_at IS NULL ORDER BY bucket_start LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING key_id`,
      [cutoff, limit],
    );
    return rows.length;
  }

  private async inBucket(tenantId: string, bucketStart: Date): Promise<DataKeyRecord | undefined> {
    const rows = (await this.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE tenant_id = $1 AND bucket_start = $2`, [tenantId, bucketStart])) as unknown as Row[];
    return rows[0] ? toRecord(rows[0]) : undefined;
  }
}
