import { STORED_COLUMNS, type StoredRow } from '@switchback/audit-format';
import type { Client } from 'pg';

export interface ExportFilter {
  readonly since?: Date;
  readonly until?: Date;
  readonly tenantId?: string;
  readonly recipientHash?: string;
}

export type ExportFormat = 'jsonl' | 'csv';

/** The exported columns: metadata only (the log holds nothing else), hashes to re-verify. */
const FIELDS = ['seq', 'recorded_at', 'occurred_at', 'event_type', 'event_key', 'message_id', 'tenant_id', 'recipient_hash', 'hash_key_id', 'channel', 'outcome', 'fallback_reason', 'detail', 'prev_hash', 'row_hash'] as const;

function plain(row: StoredRow): Record<(typeof FIELDS)[number], unknown> {
  return { ...row, recorded_at: row.recorded_at.toISOString(), occurred_at: row.occurred_at.toISOString() };
}

/** RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatRow(row: StoredRow, format: ExportFormat): string {
  const record = plain(row);
  return format === 'jsonl' ? JSON.stringify(Object.fromEntries(FIELDS.map((field) => [field, record[field]]))) : FIELDS.map((field) => csvCell(record[field])).join(',');
}

export const csvHeader = (): string => FIELDS.join(',');

/** Rows matching the filter in seq order, one formatted line each (header first for CSV). */
export async function* exportAudit(client: Client, filter: ExportFilter, format: ExportFormat, pageSize = 5_000): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeader();
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.since) add('recorded_at >= ?', filter.since.toISOString());
  if (filter.until) add('recorded_at < ?', filter.until.toISOString());
  if (filter.tenantId) add('tenant_id = ?', filter.tenantId);
  if (filter.recipientHash) add('recipient_hash = ?', filter.recipientHash);
  let after = '0';
  for (;;) {
    const { rows } = await client.query<StoredRow>(`SELECT ${STORED_COLUMNS} FROM audit_events WHERE ${[...where, `seq > $${params.length + 1}`].join(' AND ')} ORDER BY audit_events.seq LIMIT ${pageSize}`, [...params, after]);
    for (const row of rows) {
      after = row.seq;
      yield formatRow(row, format);
    }
    if (rows.length < pageSize) return;
  }
}
