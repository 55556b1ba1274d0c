import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson, computeRowHash, parsePublicKey, type AuditRow } from './audit-encoding';

// The golden vector of services/audit-sink/src/chain/audit-row.spec.ts: writer and verifier agree.
const GOLDEN: AuditRow = {
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

describe('verifier encoding (format v1)', () => {
  it('recomputes the writer golden vector', () => {
    expect(computeRowHash(GOLDEN)).toBe(GOLDEN.row_hash);
  });

  it('sorts keys whatever order they come in', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('reads a public key as PEM, base64 SPKI or base64 raw', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const raw = spki.subarray(12);
    expect(parsePublicKey(publicKey.export({ format: 'pem', type: 'spki' }).toString())).toEqual(raw);
    expect(parsePublicKey(spki.toString('base64'))).toEqual(raw);
    expect(parsePublicKey(raw.toString('base64'))).toEqual(raw);
    expect(() => parsePublicKey(Buffer.alloc(20).toString('base64'))).toThrow(/Ed25519/);
  });
});
