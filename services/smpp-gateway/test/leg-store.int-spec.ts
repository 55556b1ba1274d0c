import { testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { smppGatewayConfigSchema } from '../src/config/smpp-gateway.config';
import { LegStore, type LegMeta } from '../src/receipts/leg-store';

// Receipt correlation and multipart aggregation on the real Redis (Lua script included).
describe('LegStore (real Redis)', () => {
  const prefix = `${uniqueName('legstore')}:`;
  const redis = new Redis(testEnv.redisUrl);
  const config = smppGatewayConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789', SMPP_URL: 'smpp://127.0.0.1:1', SMPP_SYSTEM_ID: 's', SMPP_PASSWORD: 'p', REDIS_KEY_PREFIX: prefix, SMPP_RECEIPT_TTL_S: '120' });
  const store = new LegStore(redis, config);
  const meta = (messageId: string, parts: number, recipientHash = 'h1'): LegMeta => ({ messageId, tenantId: 'acme', recipientHash, leg: 1, requestedAtMs: '1', parts });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('finds a part by another spelling of its id and sets a TTL', async () => {
    const leg = meta('m-alias', 1);
    await store.begin(leg);
    await store.recordPart(leg, 1, '0A1B');
    for (const [spelling, path] of [
      ['0a1b', 'text'],
      ['A1B', 'text'],
      ['2587', 'text_alt_base'],
    ]) expect(await store.findPart([{ source: 'text', id: spelling! }], undefined)).toEqual({ ref: expect.objectContaining({ messageId: 'm-alias', part: 1 }), path });
    expect(await redis.ttl(`${prefix}smpp:id:a1b`)).toBeGreaterThan(100);
    expect(await store.findPart([{ source: 'tlv', id: 'ffff' }], undefined)).toBeUndefined();
  });

  it('tries the TLV id before the text id, and says which one matched', async () => {
    const leg = meta('m-order', 1);
    const other = meta('m-other', 1);
    await Promise.all([store.begin(leg), store.begin(other)]);
    await store.recordPart(leg, 1, '7F01');
    await store.recordPart(other, 1, '7F02');
    const both = [
      { source: 'tlv', id: '7f01' },
      { source: 'text', id: '7F02' },
    ] as const;
    expect(await store.findPart(both, undefined)).toEqual({ ref: expect.objectContaining({ messageId: 'm-order' }), path: 'tlv' });
    expect(await store.findPart([{ source: 'tlv', id: 'nope' }, both[1]], undefined)).toEqual({ ref: expect.objectContaining({ messageId: 'm-other' }), path: 'text' });
    expect(await store.findPart([{ source: 'tlv', id: String(0x7f01) }], undefined)).toMatchObject({ path: 'tlv_alt_base' });
  });

  it('prefers the hit sent to the receipt handset when spellings collide', async () => {
    const a = meta('m-a', 1, 'hash-a');
    const b = meta('m-b', 1, 'hash-b');
    await Promise.all([store.begin(a), store.begin(b)]);
    await store.recordPart(a, 1, '16'); // decimal 16 ...
    await store.recordPart(b, 1, '10'); // ... is hex 10
    expect((await store.findPart([{ source: 'text', id: '16' }], 'hash-b'))?.ref).toMatchObject({ messageId: 'm-b' });
    expect((await store.findPart([{ source: 'text', id: '16' }], 'hash-a'))?.ref).toMatchObject({ messageId: 'm-a' });
  });

  it('is DELIVERED only when every part is, once, and ignores duplicates', async () => {
    const leg = meta('m-all', 3);
    await store.begin(leg);
    const ref = (part: number) => ({ messageId: 'm-all', leg: 1, part, recipientHash: 'h1' });
    for (const part of [1, 2, 3]) await store.recordPart(leg, part, `A${part}`);
    expect((await store.applyReceipt(ref(1), 'delivered', 'DELIVRD')).kind).toBe('pending');
    expect((await store.applyReceipt(ref(1), 'delivered', 'DELIVRD')).kind).toBe('duplicate');
    expect((await store.applyReceipt(ref(3), 'delivered', 'DELIVRD')).kind).toBe('pending');
    const verdict = await store.applyReceipt(ref(2), 'delivered', 'DELIVRD');
    expect(verdict).toMatchObject({ kind: 'final', outcome: 'delivered', carrierMessageId: 'A1' });
    await store.markEmitted(ref(2));
    expect((await store.applyReceipt(ref(2), 'delivered', 'DELIVRD')).kind).toBe('duplicate');
  });

  it('is FAILED as soon as one part fails, and stays decided', async () => {
    const leg = meta('m-fail', 2);
    await store.begin(leg);
    const ref = (part: number) => ({ messageId: 'm-fail', leg: 1, part, recipientHash: 'h1' });
    expect(await store.applyReceipt(ref(2), 'failed', 'UNDELIV')).toMatchObject({ kind: 'final', outcome: 'failed', stat: 'UNDELIV' });
    // A concurrent copy while the first publish is in flight gets nothing to publish.
    expect((await store.applyReceipt(ref(2), 'failed', 'UNDELIV')).kind).toBe('duplicate');
    await store.markEmitted(ref(2));
    expect((await store.applyReceipt(ref(1), 'delivered', 'DELIVRD')).kind).toBe('after_final');
  });
});
