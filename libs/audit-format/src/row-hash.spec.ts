import { encodeRow, GENESIS_HASH, rowHash, type ChainedRow } from './row-hash';

// Pins the v1 row encoding that the audit-sink writes and sbctl's verifier recomputes.
const GOLDEN_ROW: ChainedRow = {
  seq: '42',
  eventKey: 'decision:m-1:acme:1',
  eventType: 'routing_decision',
  messageId: 'm-1',
  tenantId: 'acme',
  recipientHash: 'k1:abc',
  hashKeyId: 'k1',
  channel: 'sms',
  outcome: 'sent_plain',
  fallbackReason: null,
  detail: { z: 1, a: { y: [1, 'two', null], b: true }, é: 'ü' },
  occurredAt: new Date('2026-11-23T10:00:00.123Z'),
  recordedAt: new Date('2026-11-23T10:00:01.456Z'),
  prevHash: 'ab'.repeat(32),
};
const GOLDEN_HASH = '362fda93a2ba21fe4683491e81ca675b71b5e500a6b4f04bdc9556a9aeb15a88';

describe('row hash (format v1)', () => {
  it('matches the golden vector', () => {
    expect(rowHash(GOLDEN_ROW)).toBe(GOLDEN_HASH);
    expect(encodeRow(GOLDEN_ROW)).toMatch(/^switchback\.audit\.row\.v1\n\{"channel":"sms","detail":\{"a":/);
  });

  it('is the same for the row as Postgres gives it back: jsonb keys reordered, timestamptz parsed anew', () => {
    const reRead: ChainedRow = { ...GOLDEN_ROW, detail: JSON.parse('{"a": {"b": true, "y": [1, "two", null]}, "z": 1, "é": "ü"}'), occurredAt: new Date('2026-11-23 10:00:00.123+00'), recordedAt: new Date(Date.parse('2026-11-23T11:00:01.456+01:00')) };
    expect(rowHash(reRead)).toBe(GOLDEN_HASH);
  });

  it.each([
    ['seq', { seq: '43' }],
    ['prev_hash (the link)', { prevHash: GENESIS_HASH }],
    ['a detail value', { detail: { ...(GOLDEN_ROW.detail as object), z: 2 } }],
    ['a millisecond of occurred_at', { occurredAt: new Date('2026-11-23T10:00:00.124Z') }],
    ['fallback_reason null vs empty', { fallbackReason: '' }],
    ['hash_key_id', { hashKeyId: 'k2' }],
  ])('changes with %s', (_label, change) => {
    expect(rowHash({ ...GOLDEN_ROW, ...change })).not.toBe(GOLDEN_HASH);
  });
});
