import { routingConfigSchema } from './routing.config';

const base = {
  IDENTIFIER_HASH_KEY: 'a-test-key-of-16-chars',
  HOLD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  IDEMPOTENCY_BODY_KEYS: `i1:${Buffer.alloc(32, 2).toString('base64')}`,
  CONTENT_FINGERPRINT_KEYS: `f1:${Buffer.alloc(32, 3).toString('base64')}`,
};

describe('routingConfigSchema', () => {
  it('defaults to a closed admin API and a 5 s policy cache', () => {
    const config = routingConfigSchema.parse(base);
    expect(config.ADMIN_TOKENS).toEqual([]);
    expect(config.POLICY_CACHE_TTL_MS).toBe(5000);
  });

  it('reads actor@tenant:token and actor@*:token entries (a token may contain colons)', () => {
    const config = routingConfigSchema.parse({ ...base, ADMIN_TOKENS: 'alice@acme:0123456789abcdef, bob@*:tok:with:colons:0123' });
    expect(config.ADMIN_TOKENS).toEqual([
      { actor: 'alice', scope: 'acme', token: '0123456789abcdef' },
      { actor: 'bob', scope: '*', token: 'tok:with:colons:0123' },
    ]);
  });

  it('refuses an unscoped actor:token entry: a token is never global by omission', () => {
    const result = routingConfigSchema.safeParse({ ...base, ADMIN_TOKENS: 'alice:0123456789abcdef' });
    expect(result.error?.issues[0]?.path).toEqual(['ADMIN_TOKENS']);
    expect(JSON.stringify(result.error?.issues)).not.toContain('0123456789abcdef');
  });

  it('puts the admin API on its own port, 3112 on loopback by default', () => {
    const config = routingConfigSchema.parse(base);
    expect([config.ADMIN_HTTP_PORT, config.ADMIN_HTTP_HOST]).toEqual([3112, '127.0.0.1']);
  });

  it('rejects a short token without echoing it', () => {
    const result = routingConfigSchema.safeParse({ ...base, ADMIN_TOKENS: 'alice@acme:short-secret' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain('short-secret');
    expect(result.error?.issues[0]?.path).toEqual(['ADMIN_TOKENS']);
  });

  it('defaults to a closed ingress and reads tenantId:key pairs', () => {
    expect(routingConfigSchema.parse(base).TENANT_API_KEYS).toEqual([]);
    const config = routingConfigSchema.parse({ ...base, TENANT_API_KEYS: 'acme:0123456789abcdef, demo:key:with:colons:0123' });
    expect(config.TENANT_API_KEYS).toEqual([
      { tenantId: 'acme', key: '0123456789abcdef' },
      { tenantId: 'demo', key: 'key:with:colons:0123' },
    ]);
  });

  it('rejects a malformed tenant key without echoing it, and a CAPABILITY_BASE_URL that is no URL', () => {
    const result = routingConfigSchema.safeParse({ ...base, TENANT_API_KEYS: 'acme:short-secret' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain('short-secret');
    expect(result.error?.issues[0]?.path).toEqual(['TENANT_API_KEYS']);
    expect(routingConfigSchema.safeParse({ ...base, CAPABILITY_BASE_URL: 'not a url' }).success).toBe(false);
  });
});

describe('routingConfigSchema: hold encryption key', () => {
  const key = Buffer.alloc(32, 7).toString('base64');

  it('reads a base64 key of 32 bytes, with key id h1 and a 30 s sweep by default', () => {
    const config = routingConfigSchema.parse({ ...base, HOLD_ENCRYPTION_KEY: key });
    expect(config.HOLD_ENCRYPTION_KEY).toEqual(Buffer.alloc(32, 7));
    expect(config.HOLD_ENCRYPTION_KEY_ID).toBe('h1');
    expect(config.HOLD_SWEEP_INTERVAL_MS).toBe(30_000);
  });

  it('refuses to boot without a key, naming the variable', () => {
    const result = routingConfigSchema.safeParse({ ...base, HOLD_ENCRYPTION_KEY: undefined });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['HOLD_ENCRYPTION_KEY']]);
  });

  it.each([
    ['16 bytes', Buffer.alloc(16, 1).toString('base64')],
    ['not base64', 'not*base64*at*all*0123456789012345678901234'],
    ['hex of 32 bytes', Buffer.alloc(32, 9).toString('hex')],
  ])('rejects %s, naming the variable without echoing the value', (_label, value) => {
    const result = routingConfigSchema.safeParse({ ...base, HOLD_ENCRYPTION_KEY: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['HOLD_ENCRYPTION_KEY']);
    expect(JSON.stringify(result.error?.issues)).not.toContain(value);
  });

  it('reads rotated-out hold keys for decryption, without echoing a bad one', () => {
    const old = Buffer.alloc(32, 3).toString('base64');
    expect(routingConfigSchema.parse({ ...base, HOLD_ENCRYPTION_KEY_ID: 'h2', HOLD_PREVIOUS_KEYS: `h1:${old}` }).HOLD_PREVIOUS_KEYS).toEqual([{ id: 'h1', key: Buffer.alloc(32, 3) }]);
    const result = routingConfigSchema.safeParse({ ...base, HOLD_PREVIOUS_KEYS: 'h1:c2hvcnQ=' });
    expect(result.error?.issues[0]?.path).toEqual(['HOLD_PREVIOUS_KEYS']);
    expect(JSON.stringify(result.error?.issues)).not.toContain('c2hvcnQ=');
  });

  it('keeps ended lifecycles 31 days by default and refuses 0 days, naming the variable', () => {
    expect(routingConfigSchema.parse(base).LIFECYCLE_RETENTION_DAYS).toBe(31);
    expect(routingConfigSchema.parse({ ...base, LIFECYCLE_RETENTION_DAYS: '90' }).LIFECYCLE_RETENTION_DAYS).toBe(90);
    expect(routingConfigSchema.safeParse({ ...base, LIFECYCLE_RETENTION_DAYS: '0' }).error?.issues[0]?.path).toEqual(['LIFECYCLE_RETENTION_DAYS']);
  });
});

describe('routingConfigSchema: one key per purpose', () => {
  it('reads the idempotency body keys and the content fingerprint master keys, current first', () => {
    const config = routingConfigSchema.parse({ ...base, CONTENT_FINGERPRINT_KEYS: `f2:${Buffer.alloc(32, 4).toString('base64')},${base.CONTENT_FINGERPRINT_KEYS}` });
    expect(config.IDEMPOTENCY_BODY_KEYS).toEqual([{ id: 'i1', key: Buffer.alloc(32, 2) }]);
    expect(config.CONTENT_FINGERPRINT_KEYS.map((key) => key.id)).toEqual(['f2', 'f1']);
    expect(config.CONTENT_FINGERPRINT_CACHE_S).toBe(300);
  });

  it.each(['IDEMPOTENCY_BODY_KEYS', 'CONTENT_FINGERPRINT_KEYS'])('refuses to boot without %s, naming it', (variable) => {
    const result = routingConfigSchema.safeParse({ ...base, [variable]: undefined });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([[variable]]);
  });

  it('rejects a key that is not 32 bytes without echoing it', () => {
    const value = `i1:${Buffer.alloc(16, 9).toString('base64')}`;
    const result = routingConfigSchema.safeParse({ ...base, IDEMPOTENCY_BODY_KEYS: value });
    expect(result.error?.issues[0]?.path).toEqual(['IDEMPOTENCY_BODY_KEYS']);
    expect(JSON.stringify(result.error?.issues)).not.toContain(value);
  });
});
