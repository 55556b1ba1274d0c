import type { StoredRow } from './stored-row';

/** The event type of the row audit_drop_partition() writes when a monthly partition leaves. */
export const RETENTION_EVENT_TYPE = 'audit_partition_dropped';

/** What a retention record says left the chain; firstSeq undefined: the partition was empty. */
export interface RetentionRecord {
  readonly seq: bigint;
  readonly partition: string;
  /** YYYY-MM-01 of the dropped partition. */
  readonly month: string;
  readonly retentionMonths: number;
  readonly firstSeq: bigint | undefined;
  readonly lastSeq: bigint | undefined;
  readonly firstPrevHash: string;
  readonly lastRowHash: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const seqOf = (value: unknown): bigint | undefined => (typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) ? BigInt(value) : undefined);

export function retentionRecordOf(row: StoredRow): RetentionRecord | undefined {
  if (row.event_type !== RETENTION_EVENT_TYPE || row.detail === null || typeof row.detail !== 'object') return undefined;
  const detail = row.detail as Record<string, unknown>;
  return {
    seq: BigInt(row.seq),
    partition: text(detail['partition']) ?? '',
    month: text(detail['month']) ?? '',
    retentionMonths: typeof detail['retentionMonths'] === 'number' ? detail['retentionMonths'] : 0,
    firstSeq: seqOf(detail['firstSeq']),
    lastSeq: seqOf(detail['lastSeq']),
    firstPrevHash: text(detail['firstPrevHash']) ?? '',
    lastRowHash: text(detail['lastRowHash']) ?? '',
  };
}

/** First day (UTC) of the month holding `at`, moved by `offset` months, as epoch ms. */
const monthStartMs = (at: Date, offset = 0): number => Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1);

/**
 * Why a retention record cannot be what audit_drop_partition() wrote, if it cannot: the
 * partition must be named after its month, the period at least `minimumMonths` (the signer's
 * AUDIT_RETENTION_MONTHS, when known), the month wholly older than that period when the record
 * was chained, and the dropped seq range before the record itself.
 */
export function retentionRecordProblem(row: StoredRow, minimumMonths = 1): string | undefined {
  const record = retentionRecordOf(row);
  if (!record) return 'not a retention record';
  const name = `retention record ${record.partition || '(unnamed)'}`;
  const month = /^(\d{4})-(\d{2})-01$/.exec(record.month);
  if (!month || record.partition !== `audit_events_p${month[1]}${month[2]}`) return `${name} names no monthly partition`;
  if (!Number.isInteger(record.retentionMonths) || record.retentionMonths < Math.max(1, minimumMonths)) return `${name} claims a retention of ${record.retentionMonths} months (at least ${Math.max(1, minimumMonths)} required)`;
  const partitionEnd = monthStartMs(new Date(`${record.month}T00:00:00.000Z`), 1);
  if (partitionEnd > monthStartMs(row.recorded_at, -record.retentionMonths)) return `${name} drops ${record.month.slice(0, 7)} inside its ${record.retentionMonths}-month retention period`;
  if ((record.firstSeq === undefined) !== (record.lastSeq === undefined)) return `${name} gives half a seq range`;
  if (record.firstSeq !== undefined && record.lastSeq !== undefined && (record.firstSeq > record.lastSeq || record.lastSeq >= record.seq)) return `${name} drops seq ${record.firstSeq}..${record.lastSeq}, not rows before it`;
  return undefined;
}
