import { generateKeyPairSync, sign } from 'node:crypto';
import { encodeCheckpoint } from './checkpoint-encoding';
import { checkpointSignatureValid } from './checkpoint-signature';
import { checkpointFields, toWire, type CheckpointBody } from './checkpoint-wire';
import { keyFingerprint, rawPublicKey } from './ed25519-public-key';

const BODY: CheckpointBody = { seq: '17', rowHash: 'cd'.repeat(32), count: '17', createdAt: new Date('2026-11-23T12:00:00.000Z'), keyId: 'a1', keyFingerprint: 'ff'.repeat(32) };

describe('checkpoint encoding and signature (format v1)', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(privateKey);
  const body = { ...BODY, keyFingerprint: keyFingerprint(raw) };
  const signed = { ...body, publicKey: raw.toString('base64'), signature: sign(null, Buffer.from(encodeCheckpoint(checkpointFields(body)), 'utf8'), privateKey).toString('base64') };

  it('matches the golden encoding', () => {
    expect(encodeCheckpoint(checkpointFields(BODY))).toBe(
      `switchback.audit.checkpoint.v1\n{"count":"17","created_at":"2026-11-23T12:00:00.000Z","key_fingerprint":"${'f'.repeat(64)}","key_id":"a1","row_hash":"${'cd'.repeat(32)}","seq":"17","v":1}`,
    );
  });

  it('publishes snake_case fields in a fixed order, the id only when given', () => {
    expect(Object.keys(toWire(signed, '3'))).toEqual(['v', 'id', 'seq', 'row_hash', 'count', 'created_at', 'key_id', 'key_fingerprint', 'public_key', 'signature']);
    expect(toWire(signed)).not.toHaveProperty('id');
  });

  it('verifies the published form of what was signed, whatever extra members it carries', () => {
    expect(checkpointSignatureValid(toWire(signed, '3'), raw)).toBe(true);
    const witnessed = { ...toWire(signed), source: 'witness' };
    expect(checkpointSignatureValid(witnessed, raw)).toBe(true);
  });

  it.each([
    ['head hash', { row_hash: 'ce'.repeat(32) }],
    ['seq', { seq: '18' }],
    ['time', { created_at: '2026-11-23T12:00:00.001Z' }],
    ['key id', { key_id: 'a2' }],
  ])('fails once the %s is changed', (_label, change) => {
    expect(checkpointSignatureValid({ ...toWire(signed), ...change }, raw)).toBe(false);
  });

  it('fails with another key, and with a malformed key or signature instead of throwing', () => {
    expect(checkpointSignatureValid(toWire(signed), rawPublicKey(generateKeyPairSync('ed25519').privateKey))).toBe(false);
    expect(checkpointSignatureValid(toWire(signed), Buffer.alloc(5))).toBe(false);
    expect(checkpointSignatureValid({ ...toWire(signed), signature: 'AAAA' }, raw)).toBe(false);
  });
});
