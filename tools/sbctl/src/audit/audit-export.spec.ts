import type { StoredRow } from '@switchback/audit-format';
import { csvCell, csvHeader, formatRow } from './audit-export';

const row: StoredRow = {
  seq: '7',
  event_key: 'policy:acme:2',
  event_type: 'policy_changed',
  message_id: '',
  tenant_id: 'acme',
  recipient_hash: '',
  hash_key_id: '',
  channel: '',
  outcome: 'version_2',
  fallback_reason: null,
  detail: { actor: 'alice, "ops"' },
  occurred_at: new Date('2026-11-01T00:00:00.000Z'),
  recorded_at: new Date('2026-11-01T00:00:00.001Z'),
  prev_hash: 'a'.repeat(64),
  row_hash: 'b'.repeat(64),
};

describe('audit export', () => {
  it('writes one JSON object per line with ISO times', () => {
    expect(JSON.parse(formatRow(row, 'jsonl'))).toMatchObject({ seq: '7', recorded_at: '2026-11-01T00:00:00.001Z', detail: { actor: 'alice, "ops"' } });
  });

  it('quotes CSV cells per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvHeader().split(',')).toHaveLength(formatRow(row, 'csv').match(/(?:^|,)(?:"(?:[^"]|"")*"|[^,]*)/g)!.length);
    expect(formatRow(row, 'csv')).toContain('"{""actor"":""alice, \\""ops\\""""}"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
  });
});
