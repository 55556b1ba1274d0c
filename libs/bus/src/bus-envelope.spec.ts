import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { create, DispatchCommandSchema, RevokeCommandSchema, SendRequestedSchema, Topics, type DispatchCommand } from '@switchback/contracts';
import { DataKeyDestroyedException, EnvelopeAuthenticationException, EnvelopeCipher, LocalKeyEncryption, MemoryDataKeyStore } from '@switchback/envelope';
import { randomBytes } from 'node:crypto';
import { BusEnvelope } from './bus-envelope';

const HOUR = 3_600_000;
const CANARY_TEXT = 'canary-otp-731904';
const CANARY_NUMBER = '+447700900123';

function setup() {
  let now = Date.UTC(2026, 11, 5, 12);
  const store = new MemoryDataKeyStore();
  const kms = new LocalKeyEncryption({ id: 'kek-1', key: randomBytes(32) });
  const options = { bucketMs: HOUR, maxFieldBytes: 4096, cacheTtlMs: 60_000, cacheSize: 100, now: () => now };
  const cipher = new EnvelopeCipher(kms, store, options);
  return {
    cipher,
    envelope: new BusEnvelope(cipher),
    // Another service: its own memory, the same key store and KMS.
    other: () => new BusEnvelope(new EnvelopeCipher(kms, store, options)),
    advance: (ms: number) => (now += ms),
  };
}

const command = (overrides: { recipient?: string; content?: { text: string } } = {}) =>
  create(DispatchCommandSchema, { messageId: 'm-1', tenantId: 'acme', recipient: CANARY_NUMBER, content: { text: CANARY_TEXT }, leg: 1, ttlSeconds: 300, ...overrides });

/** What the broker stores: the event's protobuf bytes. */
const wire = <K extends 'dispatchSms' | 'sendRequested' | 'dispatchRevoke'>(topic: K, event: object) => Buffer.from(toBinary(Topics[topic].schema, event as never));

describe('BusEnvelope', () => {
  it('puts no recipient or content on the wire, and another service with the keys gets them back', async () => {
    const { envelope, other } = setup();
    const original = command();
    const sealed = await envelope.seal('dispatchSms', original);
    const bytes = wire('dispatchSms', sealed);
    expect(bytes.includes(CANARY_TEXT)).toBe(false);
    expect(bytes.includes(CANARY_NUMBER)).toBe(false);
    // The event the caller holds is not changed.
    expect(original.recipient).toBe(CANARY_NUMBER);

    const received = fromBinary(DispatchCommandSchema, bytes);
    expect(received.content).toBeUndefined();
    expect(received).toMatchObject({ recipient: '', leg: 1, ttlSeconds: 300, messageId: 'm-1', tenantId: 'acme' });
    await other().open('dispatchSms', received);
    expect(received).toMatchObject({ recipient: CANARY_NUMBER, content: { text: CANARY_TEXT }, sealed: new Uint8Array(0) });
  });

  it('seals the number and the text of a send request, so only routing reads them', async () => {
    const { envelope, other } = setup();
    const send = create(SendRequestedSchema, { messageId: 'm-2', tenantId: 'acme', recipient: CANARY_NUMBER, content: { text: CANARY_TEXT }, labels: ['otp'] });
    const bytes = wire('sendRequested', await envelope.seal('sendRequested', send));
    expect(bytes.includes(CANARY_TEXT) || bytes.includes(CANARY_NUMBER)).toBe(false);
    const received = fromBinary(SendRequestedSchema, bytes);
    expect(received.labels).toEqual(['otp']);
    await other().open('sendRequested', received);
    expect(received).toMatchObject({ recipient: CANARY_NUMBER, content: { text: CANARY_TEXT } });
  });

  it('refuses sealed fields moved to another message or tenant (the AAD binds them)', async () => {
    const { envelope } = setup();
    const sealed = (await envelope.seal('dispatchSms', command())) as DispatchCommand;
    const moved = create(DispatchCommandSchema, { ...sealed, messageId: 'm-other' });
    await expect(envelope.open('dispatchSms', moved)).rejects.toBeInstanceOf(EnvelopeAuthenticationException);
    const otherTenant = create(DispatchCommandSchema, { ...sealed, tenantId: 'globex' });
    await expect(envelope.open('dispatchSms', otherTenant)).rejects.toBeInstanceOf(EnvelopeAuthenticationException);
    // An SMS command replayed on the RCS topic.
    await expect(envelope.open('dispatchRcs', create(DispatchCommandSchema, { ...sealed }))).rejects.toBeInstanceOf(EnvelopeAuthenticationException);
  });

  it('trusts only the sealed part: a plaintext recipient forged beside it is dropped', async () => {
    const { envelope } = setup();
    const sealed = (await envelope.seal('dispatchSms', command())) as DispatchCommand;
    const forged = create(DispatchCommandSchema, { ...sealed, recipient: '+15550000000' });
    await envelope.open('dispatchSms', forged);
    expect(forged.recipient).toBe(CANARY_NUMBER);
  });

  it('cannot open once the data key is shredded: a typed key_destroyed error', async () => {
    const { envelope, cipher, advance, other } = setup();
    const sealed = (await envelope.seal('dispatchSms', command())) as DispatchCommand;
    advance(3 * HOUR);
    expect(await cipher.shred(HOUR)).toBe(1);
    const received = fromBinary(DispatchCommandSchema, wire('dispatchSms', sealed));
    const error = await other()
      .open('dispatchSms', received)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataKeyDestroyedException);
    expect((error as DataKeyDestroyedException).code).toBe('key_destroyed');
  });

  it('refuses a dispatch command with its number in clear (a forgery: only key holders can seal), and a send request in clear', async () => {
    const { envelope } = setup();
    const forged = command();
    const error = await envelope.open('dispatchSms', forged).catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('envelope_missing');
    // A producer without the tenant's key publishes on the plaintext topic (one hour), not here.
    const send = create(SendRequestedSchema, { messageId: 'm-4', tenantId: 'acme', recipient: CANARY_NUMBER, content: { text: CANARY_TEXT } });
    const refused = await envelope.open('sendRequested', send).catch((caught: unknown) => caught);
    expect((refused as { code?: string }).code).toBe('envelope_missing');
  });

  it('seals only the fields the topic declares and leaves events without them alone', async () => {
    const { envelope } = setup();
    const revoke = create(RevokeCommandSchema, { messageId: 'm-3', tenantId: 'acme', recipient: CANARY_NUMBER, leg: 2, reason: 'failover' });
    const sealed = fromBinary(RevokeCommandSchema, wire('dispatchRevoke', await envelope.seal('dispatchRevoke', revoke)));
    expect(sealed).toMatchObject({ recipient: '', leg: 2, reason: 'failover' });
    expect(sealed.sealed.byteLength).toBeGreaterThan(0);
    // Nothing personal to seal: the event goes as it is.
    const empty = command({ recipient: '', content: undefined });
    expect(await envelope.seal('dispatchSms', empty)).toBe(empty);
  });
});
