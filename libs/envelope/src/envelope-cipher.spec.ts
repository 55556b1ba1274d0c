import { randomBytes } from 'node:crypto';
import { EnvelopeCipher, type EnvelopeOptions, type FieldRef } from './envelope-cipher';
import { DataKeyDestroyedException, EnvelopeAuthenticationException, FieldTooLargeException, KekUnavailableException, MalformedEnvelopeException, UnknownDataKeyException } from './envelope.errors';
import type { DataKeyContext, KeyEncryptionService, WrappedDataKey } from './key-encryption';
import { LocalKeyEncryption } from './local-key-encryption';
import { MemoryDataKeyStore } from './memory-data-key-store';
import { decodeSealed, encodeSealed } from './sealed-field';

const HOUR = 3_600_000;
const kek = (id: string) => ({ id, key: randomBytes(32) });

/** Counts KMS calls around a real local KMS. */
class CountingKms implements KeyEncryptionService {
  wraps = 0;
  unwraps = 0;
  constructor(private readonly inner: KeyEncryptionService) {}
  get currentKekId() {
    return this.inner.currentKekId;
  }
  wrap(dataKey: Buffer, context: DataKeyContext) {
    this.wraps += 1;
    return this.inner.wrap(dataKey, context);
  }
  unwrap(stored: WrappedDataKey, context: DataKeyContext) {
    this.unwraps += 1;
    return this.inner.unwrap(stored, context);
  }
}

function setup(overrides: Partial<EnvelopeOptions> = {}, kms: KeyEncryptionService = new LocalKeyEncryption(kek('kek-1'))) {
  let now = Date.UTC(2026, 11, 5, 12);
  const store = new MemoryDataKeyStore();
  const counting = new CountingKms(kms);
  const options = { bucketMs: HOUR, maxFieldBytes: 1024, cacheTtlMs: 60_000, cacheSize: 100, now: () => now, ...overrides };
  return {
    store,
    kms: counting,
    sealer: new EnvelopeCipher(counting, store, options),
    // Another service: its own memory, the same key store and KMS.
    opener: () => new EnvelopeCipher(counting, store, options),
    advance: (ms: number) => (now += ms),
  };
}

const ref = (messageId: string, field = 'content.text', tenantId = 'acme'): FieldRef => ({ tenantId, messageId, field });
const text = (value: string) => Buffer.from(value, 'utf8');

describe('EnvelopeCipher', () => {
  it('round-trips a field through another instance; the bytes hold no plaintext', async () => {
    const { sealer, opener } = setup();
    const sealed = await sealer.seal(ref('m-1'), text('canary 482913'));
    expect(sealed.toString('latin1')).not.toContain('canary');
    expect((await opener().open(ref('m-1'), sealed)).toString()).toBe('canary 482913');
  });

  it('refuses a value moved to another message, field or tenant, or with a flipped bit (typed)', async () => {
    const { sealer, opener } = setup();
    const sealed = await sealer.seal(ref('m-1'), text('secret'));
    await sealer.seal(ref('m-9', 'content.text', 'globex'), text('other tenant'));
    const other = opener();
    for (const wrong of [ref('m-2'), ref('m-1', 'recipient'), ref('m-1', 'content.text', 'globex')]) await expect(other.open(wrong, sealed)).rejects.toBeInstanceOf(EnvelopeAuthenticationException);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    await expect(other.open(ref('m-1'), flipped)).rejects.toBeInstanceOf(EnvelopeAuthenticationException);
  });

  it('names malformed values, unknown keys and oversize fields', async () => {
    const { sealer, opener } = setup();
    await expect(opener().open(ref('m-1'), Buffer.from([9, 1, 65]))).rejects.toBeInstanceOf(MalformedEnvelopeException);
    await expect(opener().open(ref('m-1'), Buffer.alloc(3))).rejects.toMatchObject({ code: 'envelope_malformed' });
    const real = decodeSealed(await sealer.seal(ref('m-1'), text('x')));
    await expect(opener().open(ref('m-1'), encodeSealed({ ...real, keyId: 'dk-404' }))).rejects.toBeInstanceOf(UnknownDataKeyException);
    await expect(sealer.seal(ref('m-1'), Buffer.alloc(1025))).rejects.toBeInstanceOf(FieldTooLargeException);
  });

  it('opens a batch with one store read and one unwrap per data key, each item on its own', async () => {
    const { sealer, opener, kms, store } = setup();
    const items = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const fieldRef = ref(`m-${i}`, 'content.text', i % 2 ? 'acme' : 'globex');
        return { ref: fieldRef, sealed: await sealer.seal(fieldRef, text(`message ${i}`)) };
      }),
    );
    expect(kms.wraps).toBe(2);
    const consumer = opener();
    kms.unwraps = 0;
    store.finds = 0;
    const results = await consumer.openMany([...items, { ref: ref('m-bad'), sealed: Buffer.from('junk') }]);
    expect(results.slice(0, 50).map((r) => (r.ok ? r.plaintext.toString() : r.error.message))).toEqual(items.map((_, i) => `message ${i}`));
    expect(results[50]).toMatchObject({ ok: false, error: expect.any(MalformedEnvelopeException) });
    expect([kms.unwraps, store.finds]).toEqual([2, 1]);
    // The next batch is served from memory.
    await consumer.openMany(items);
    expect([kms.unwraps, store.finds]).toEqual([2, 1]);
  });

  it('takes a new data key each bucket, and shreds old buckets: their fields answer key_destroyed', async () => {
    const { sealer, opener, kms, advance } = setup({ cacheTtlMs: 1_000 });
    const early = await sealer.seal(ref('m-early'), text('early'));
    advance(HOUR);
    const late = await sealer.seal(ref('m-late'), text('late'));
    expect(kms.wraps).toBe(2);
    // The early bucket ends at 13:00; with an hour's retention its key is due at 14:00, not before.
    expect(await sealer.shred(HOUR)).toBe(0);
    advance(HOUR + 2_000); // also past the cache TTL: nothing in memory keeps a shredded key alive
    expect(await sealer.shred(HOUR)).toBe(1);
    const consumer = opener();
    await expect(consumer.open(ref('m-early'), early)).rejects.toBeInstanceOf(DataKeyDestroyedException);
    await expect(consumer.open(ref('m-early'), early)).rejects.toMatchObject({ code: 'key_destroyed', retriable: false });
    expect((await consumer.open(ref('m-late'), late)).toString()).toBe('late');
  });

  it('opens data keys wrapped under a rotated-out KEK while new ones use the current KEK', async () => {
    const old = kek('kek-1');
    const store = new MemoryDataKeyStore();
    let now = Date.UTC(2026, 11, 5, 12);
    const options = { bucketMs: HOUR, maxFieldBytes: 1024, cacheTtlMs: 0, cacheSize: 100, now: () => now };
    const sealed = await new EnvelopeCipher(new LocalKeyEncryption(old), store, options).seal(ref('m-1'), text('before rotation'));
    const rotated = new EnvelopeCipher(new LocalKeyEncryption(kek('kek-2'), [old]), store, options);
    expect((await rotated.open(ref('m-1'), sealed)).toString()).toBe('before rotation');
    const withoutOld = new EnvelopeCipher(new LocalKeyEncryption(kek('kek-2')), store, options);
    await expect(withoutOld.open(ref('m-1'), sealed)).rejects.toBeInstanceOf(KekUnavailableException);
    now += HOUR;
    const next = decodeSealed(await rotated.seal(ref('m-2'), text('after rotation')));
    expect((await store.find([next.keyId]))[0]?.stored?.kekId).toBe('kek-2');
  });
});
