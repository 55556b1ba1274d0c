import { Client } from 'pg';

/** One cell of the capability matrix: recipients seen recently on a carrier in a region. */
export interface MatrixRow {
  readonly region: string;
  readonly carrier: string;
  readonly recipients: number;
  /** Share that can receive RCS (with or without E2EE). */
  readonly rcsShare: number;
  /** Share with an E2EE path (RCS E2EE or in-app E2EE: the pin's `e2ee` level). */
  readonly e2eeShare: number;
}

/**
 * The seeds' capability matrix from capability-discovery's own tables: each recipient seen
 * within `days` counts once, at its latest level, under the carrier and region of its latest
 * history row. Recipients are keyed hashes: nothing here identifies anyone.
 */
export async function capabilityMatrix(target: { url: string; schema: string }, days: number): Promise<MatrixRow[]> {
  const client = new Client({ connectionString: target.url, options: `-c search_path=${target.schema} -c default_transaction_read_only=on` });
  await client.connect();
  try {
    const { rows } = await client.query<{ region: string; carrier: string; recipients: number; rcs_share: number; e2ee_share: number }>(
      `WITH latest AS (
         SELECT DISTINCT ON (c.recipient_hash) c.recipient_hash, c.carrier, c.region, p.last_level AS level
         FROM capability_level_changes c JOIN capability_pins p USING (recipient_hash)
         WHERE p.last_seen_at >= now() - make_interval(days => $1)
         ORDER BY c.recipient_hash, c.observed_at DESC)
       SELECT region, carrier, count(*)::int AS recipients,
              avg((level IN ('rcs', 'e2ee'))::int)::float8 AS rcs_share,
              avg((level = 'e2ee')::int)::float8 AS e2ee_share
       FROM latest GROUP BY region, carrier ORDER BY region, carrier`,
      [days],
    );
    return rows.map((row) => ({ region: row.region, carrier: row.carrier, recipients: row.recipients, rcsShare: row.rcs_share, e2eeShare: row.e2ee_share }));
  } finally {
    await client.end();
  }
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A fixed-width table for the terminal. */
export function formatMatrix(rows: readonly MatrixRow[]): string[] {
  const lines = [`${'region'.padEnd(7)}${'carrier'.padEnd(20)}${'recipients'.padStart(11)}${'RCS'.padStart(8)}${'E2EE'.padStart(8)}`];
  for (const row of rows) lines.push(`${(row.region || '?').padEnd(7)}${(row.carrier || '(unknown)').slice(0, 19).padEnd(20)}${String(row.recipients).padStart(11)}${percent(row.rcsShare).padStart(8)}${percent(row.e2eeShare).padStart(8)}`);
  if (rows.length === 0) lines.push('(no recipients seen in the window)');
  return lines;
}
