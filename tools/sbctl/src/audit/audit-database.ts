import { Client } from 'pg';
import { STORED_COLUMNS, type PublishedCheckpoint, type StoredRow } from '@switchback/audit-format';

export interface DatabaseTarget {
  readonly url: string;
  readonly schema: string;
}

/** A read-only session on the audit schema (the verifier and export never write). */
export async function connectAudit(target: DatabaseTarget): Promise<Client> {
  const client = new Client({ connectionString: target.url, options: `-c search_path=${target.schema} -c default_transaction_read_only=on` });
  await client.connect();
  return client;
}

/** Rows with from <= seq <= to in seq order, a page at a time. */
export async function* readRows(client: Client, from: bigint, to: bigint | undefined, pageSize = 5_000): AsyncGenerator<StoredRow> {
  let after = from - 1n;
  for (;;) {
    const { rows } = await client.query<StoredRow>(`SELECT ${STORED_COLUMNS} FROM audit_events WHERE seq > $1 ${to === undefined ? '' : 'AND seq <= $3'} ORDER BY audit_events.seq LIMIT $2`, to === undefined ? [after.toString(), pageSize] : [after.toString(), pageSize, to.toString()]);
    for (const row of rows) {
      after = BigInt(row.seq);
      yield row;
    }
    if (rows.length < pageSize) return;
  }
}

export async function readRow(client: Client, seq: bigint): Promise<StoredRow | undefined> {
  const { rows } = await client.query<StoredRow>(`SELECT ${STORED_COLUMNS} FROM audit_events WHERE seq = $1`, [seq.toString()]);
  return rows[0];
}

export async function readDropRows(client: Client): Promise<StoredRow[]> {
  return (await client.query<StoredRow>(`SELECT ${STORED_COLUMNS} FROM audit_events WHERE event_type = 'audit_partition_dropped' ORDER BY audit_events.seq`)).rows;
}

export async function readCheckpoints(client: Client): Promise<PublishedCheckpoint[]> {
  const { rows } = await client.query<PublishedCheckpoint & { created: Date }>(
    `SELECT id::text AS id, seq::text AS seq, row_hash, row_count::text AS count, created_at AS created, key_id, key_fingerprint, public_key, signature FROM audit_checkpoints ORDER BY audit_checkpoints.seq, audit_checkpoints.id`,
  );
  return rows.map(({ created, ...rest }) => ({ ...rest, created_at: created.toISOString() }));
}
