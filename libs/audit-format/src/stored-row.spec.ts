import { chainedRowOf, storedRowHash, type StoredRow } from './stored-row';

// The golden vector of row-hash.spec.ts, as the verifier reads it back from Postgres.
const GOLDEN: StoredRow = {
  seq: '42',
  event_key: 'decision:m-1:acme:1',
  event_type: 'routing_decision',
  message_id: 'm-1',
  tenant_id: 'acme',
  recipient_hash: 'k1:abc',
  hash_key_id: 'k1',
  channel: 'sms',
  outcome: 'sent_plain',
  fallback_reason: null,
  // As Postgres returns jsonb: keys in its own order.
  detail: JSON.parse('{"z": 1, "é": "ü", "a": {"b": true, "y": [1, "two", null]}}'),
  occurred_at: new Date('2026-11-23T10:00:00.123Z'),
  recorded_at: new Date('2026-11-23T10:00:01.456Z'),
  prev_hash: 'ab'.repeat(32),
  row_hash: '362fda93a2ba21fe4683491e81ca675b71b5e500a6b4f04bdc9556a9aeb15a88',
};

describe('stored rows (format v1)', () => {
  it('recomputes the writer golden vector', () => {
    expect(storedRowHash(GOLDEN)).toBe(GOLDEN.row_hash);
  });

  it('maps every column but row_hash to the chained row', () => {
    const chained = chainedRowOf(GOLDEN);
    expect(Object.keys(chained)).toHaveLength(Object.keys(GOLDEN).length - 1);
    expect(chained).toMatchObject({ seq: '42', eventKey: GOLDEN.event_key, hashKeyId: 'k1', fallbackReason: null, prevHash: GOLDEN.prev_hash });
    expect(chained).not.toHaveProperty('rowHash');
  });
});
