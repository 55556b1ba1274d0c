import { generateKeyPairSync } from 'node:crypto';
import { checkpointSignatureValid, keyFingerprint, toWire, type SignedCheckpoint } from '@switchback/audit-format';
import { CheckpointSigner, generateSigningKeySeed, parseSigningKey } from './checkpoint-signer';

const verifyCheckpoint = (checkpoint: SignedCheckpoint, rawPublic: Buffer): boolean => checkpointSignatureValid(toWire(checkpoint), rawPublic);

describe('checkpoint signatures (Ed25519)', () => {
  const seed = generateSigningKeySeed();
  const signer = new CheckpointSigner(parseSigningKey(seed), 'a1');
  const head = { seq: '17', rowHash: 'cd'.repeat(32) };
  const at = new Date('2026-11-23T12:00:00.000Z');

  it('signs the head, count, time, key id and fingerprint; the signature verifies with the public key', () => {
    const checkpoint = signer.sign(head, at);
    expect(checkpoint).toMatchObject({ seq: '17', rowHash: head.rowHash, count: '17', keyId: 'a1', keyFingerprint: keyFingerprint(signer.publicKey) });
    expect(verifyCheckpoint(checkpoint, signer.publicKey)).toBe(true);
  });

  it.each([
    ['head hash', { rowHash: 'ce'.repeat(32) }],
    ['seq', { seq: '18' }],
    ['time', { createdAt: new Date('2026-11-23T12:00:00.001Z') }],
    ['key id', { keyId: 'a2' }],
  ])('fails once the %s is changed', (_label, change) => {
    expect(verifyCheckpoint({ ...signer.sign(head, at), ...change }, signer.publicKey)).toBe(false);
  });

  it('fails with another key', () => {
    const other = new CheckpointSigner(parseSigningKey(generateSigningKeySeed()), 'a1');
    expect(verifyCheckpoint(signer.sign(head, at), other.publicKey)).toBe(false);
  });

  it('reads the same key from a PKCS#8 PEM and from its base64 seed', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromPem = new CheckpointSigner(parseSigningKey(pem), 'a1');
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const fromSeed = new CheckpointSigner(parseSigningKey(der.subarray(der.length - 32).toString('base64')), 'a1');
    expect(fromSeed.fingerprint).toBe(fromPem.fingerprint);
  });

  it('refuses a key of the wrong kind or size', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => parseSigningKey(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/Ed25519/);
    expect(() => parseSigningKey(Buffer.alloc(16).toString('base64'))).toThrow(/32-byte/);
  });
});
