import { generateKeyPairSync } from 'node:crypto';
import { generateSigningKeySeed } from '../chain/checkpoint-signer';
import { auditSinkConfigSchema } from './audit-sink.config';

const base = {};

describe('auditSinkConfigSchema', () => {
  it('refuses to boot without a signing key, naming the variable', () => {
    const result = auditSinkConfigSchema.safeParse(base);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['AUDIT_SIGNING_KEY']]);
    expect(result.error?.issues[0]?.message).toMatch(/Ed25519/);
  });

  it('rejects a malformed key without echoing it', () => {
    const value = Buffer.alloc(31, 3).toString('base64');
    const result = auditSinkConfigSchema.safeParse({ ...base, AUDIT_SIGNING_KEY: value });
    expect(result.error?.issues[0]?.path).toEqual(['AUDIT_SIGNING_KEY']);
    expect(JSON.stringify(result.error?.issues)).not.toContain(value);
  });

  it('takes a seed or a PEM, with key id a1, batching, hourly-ish checkpoints and no retention by default', () => {
    const config = auditSinkConfigSchema.parse({ ...base, AUDIT_SIGNING_KEY: generateSigningKeySeed() });
    expect(config).toMatchObject({ AUDIT_SIGNING_KEY_ID: 'a1', AUDIT_BATCH_MAX: 200, AUDIT_BATCH_DELAY_MS: 5, AUDIT_CHECKPOINT_INTERVAL_MS: 60_000, AUDIT_RETENTION_MONTHS: 0, AUDIT_CHECKPOINT_DIR: '' });
    expect(config.AUDIT_SIGNING_KEY.asymmetricKeyType).toBe('ed25519');
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(auditSinkConfigSchema.parse({ ...base, AUDIT_SIGNING_KEY: pem }).AUDIT_SIGNING_KEY.type).toBe('private');
  });

  it('never takes a hashing key, even when the environment has one: audit-sink cannot compute recipient hashes, content fingerprints or body hashes', () => {
    const keys = {
      IDENTIFIER_HASH_KEY: 'an-identifier-key-0123456789',
      CONTENT_FINGERPRINT_KEYS: `f1:${Buffer.alloc(32, 5).toString('base64')}`,
      IDEMPOTENCY_BODY_KEYS: `i1:${Buffer.alloc(32, 6).toString('base64')}`,
    };
    const config = auditSinkConfigSchema.parse({ ...base, ...keys, IDENTIFIER_HASH_KEY_ID: 'k7', AUDIT_SIGNING_KEY: generateSigningKeySeed() });
    expect(Object.keys(config).filter((name) => name in keys)).toEqual([]);
    // The id alone stays: it names the key of legacy unprefixed hashes.
    expect(config.IDENTIFIER_HASH_KEY_ID).toBe('k7');
  });

  it('never takes the bus key-encryption keys, even when the environment has them: audit-sink cannot unwrap a data key', () => {
    const kek = `kek1:${Buffer.alloc(32, 7).toString('base64')}`;
    const config = auditSinkConfigSchema.parse({ ...base, AUDIT_SIGNING_KEY: generateSigningKeySeed(), BUS_ENVELOPE_KEKS: kek });
    expect(Object.keys(config).filter((name) => name.startsWith('BUS_ENVELOPE'))).toEqual([]);
  });
});
